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
``SCORECARD_MAX_PART_MB``              50           one part a reader parses besides the sheets
                                                    (styles, shared strings, workbook, relationships),
                                                    uncompressed; shared strings also at most as many
                                                    as the cell limit
=====================================  ===========  ===============================================
"""

from __future__ import annotations

import functools
import os
import re
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from scorecard.issues import InputError, Issue, file_unreadable

ENV = {
    "file_mb": "SCORECARD_MAX_FILE_MB",
    "uncompressed_mb": "SCORECARD_MAX_UNCOMPRESSED_MB",
    "rows": "SCORECARD_MAX_ROWS",
    "cells": "SCORECARD_MAX_CELLS",
    "part_mb": "SCORECARD_MAX_PART_MB",
}
DEFAULTS = {"file_mb": 100, "uncompressed_mb": 300, "rows": 100_000, "cells": 2_000_000, "part_mb": 50}
_CHUNK = 1 << 20
# a row start, or a value-holding element: <v> (value), <is> (inline string) — with or without a
# namespace prefix (<x:row>, <x:v>); ODS: a table row and a cell's text paragraph / value attribute
_XLSX_TOKEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|v|is)[\s>/]")
_ODS_TOKEN = re.compile(rb"<table:(table-row)[\s>/]|<text:p[\s>/]")
# an .xlsx cell holding an Excel error (t="e"): python-calamine hands these over as empty strings,
# which would read as "no data"; the scan records them so the reader can put the error text back
_ERROR_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*\bt="e"[^>]*)>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>', re.S)
_ODS_ERROR = b'calcext:value-type="error"'
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>([^<]*)</")


@dataclass
class Scan:
    """What the pre-read scan learnt: the Excel error cells of each sheet, as
    ``sheet name -> [(Excel row, 0-based column, "#DIV/0!"), ...]``; and the peak of each quantity
    a limit bounds (``need``: file_bytes, uncompressed_bytes, part_bytes, rows, cells, area), with
    ``complete`` False when the scan stopped early on corrupt content. A scan that passed higher
    limits tells with :meth:`admitted_by` whether lower ones would have passed too."""

    errors: dict[str, list[tuple[int, int, str]]]
    need: dict[str, int] = field(default_factory=dict)
    complete: bool = False
    sizes: dict[str, int] = field(default_factory=dict)  # sheet name -> its XML's size (bytes)

    def peak(self, key: str, value: int) -> None:
        if value > self.need.get(key, 0):
            self.need[key] = value

    def admitted_by(self, lim: Limits) -> bool:
        """True when :func:`check_workbook` with ``lim`` would have passed (it ran to its end and
        no peak passes a limit)."""
        return self.complete and all(self.need.get(k, 0) <= getattr(lim, k) for k in _NEED_KEYS)


_NEED_KEYS = ("file_bytes", "uncompressed_bytes", "part_bytes", "rows", "cells", "area")


@dataclass(frozen=True)
class Limits:
    file_mb: float
    uncompressed_mb: float
    rows: int
    cells: int
    part_mb: float = DEFAULTS["part_mb"]

    @property
    def part_bytes(self) -> int:
        return int(self.part_mb * 1024 * 1024)

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * 1024 * 1024)

    @property
    def uncompressed_bytes(self) -> int:
        return int(self.uncompressed_mb * 1024 * 1024)

    @property
    def area(self) -> int:
        """Rows x columns a sheet's used range may span (the reader builds a dense grid of it:
        A1 and ALL99999 alone would be 100 million cells): three times the cell limit."""
        return int(self.cells * AREA_FACTOR)


AREA_FACTOR = 3


# Defaults raised for the running command by a unit list (scorecard.units.unit_limits: a national
# village workbook is ~84,000 rows x 43 columns); environment variables still take precedence.
_RAISED: dict[str, float] = {}


def raise_defaults(**values: float) -> None:
    """Raise (never lower) the defaults for this process: a unit list of villages admits a national
    village workbook without environment variables. ``raise_defaults()`` restores the defaults."""
    _RAISED.clear()
    _RAISED.update({k: max(float(v), float(DEFAULTS[k])) for k, v in values.items() if k in DEFAULTS})


def current(*, raised: dict[str, float] | None = None, **overrides: float) -> Limits:
    """The limits in force: defaults (raised by a unit list, :func:`raise_defaults`; or, given
    ``raised``, as ``raise_defaults(**raised)`` would raise them, without changing them), then
    environment variables, then ``overrides``. An unreadable or non-positive environment value is
    ignored (the default applies)."""
    values: dict[str, float] = dict(DEFAULTS)
    if raised is None:
        values.update(_RAISED)
    else:
        values.update({k: max(float(v), float(DEFAULTS[k])) for k, v in raised.items() if k in DEFAULTS})
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
                  int(values["cells"]), float(values["part_mb"]))


def _refuse(code: str, file: str, sheet: str | None = None, **params: object) -> InputError:
    return InputError(Issue(code, file=file, sheet=sheet, params=params))


def check_file_size(path: Path, name: str, limits: Limits | None = None) -> None:
    lim = limits or current()
    size = path.stat().st_size
    if size > lim.file_bytes:
        raise _refuse("limit-file-size", name, size_mb=round(size / 1048576, 1), limit=_num(lim.file_mb),
                      env=ENV["file_mb"])


def require_regular(path: str | Path, name: str | None = None) -> None:
    """Refuse anything but a regular file (after following symbolic links): a workbook or rubric
    that is /dev/zero, a FIFO or a terminal would be read forever (issue 18, class 4)."""
    import stat

    name = name or str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise  # the caller says it in its own words (with the shipped rubrics, for a rubric)
    except OSError as exc:
        raise file_unreadable(exc, name) from None
    if stat.S_ISDIR(st.st_mode):
        return  # a folder of CSV files, or refused by the caller in its own words
    if not stat.S_ISREG(st.st_mode):
        raise InputError(Issue("file-not-regular", file=name))


def read_capped(path: str | Path, cap: int, name: str | None = None) -> bytes | None:
    """The bytes of the regular file ``path``, or None when it holds more than ``cap`` bytes —
    never more than ``cap + 1`` bytes are read, whatever the file claims to be."""
    require_regular(path, name)
    with open(path, "rb") as fh:
        data = fh.read(cap + 1)
    return None if len(data) > cap else data


def _num(x: float) -> str:
    return f"{x:g}"


def check_workbook(path: str | Path, name: str | None = None, limits: Limits | None = None) -> Scan:
    """Raise :class:`InputError` when ``path`` exceeds a limit. Cheap: the zip directory plus one
    streaming pass over each sheet's XML (never more bytes than the uncompressed limit).
    Returns the :class:`Scan` (error cells per sheet) for the workbook reader."""
    p = Path(path)
    name = name or str(path)
    lim = limits or current()
    check_file_size(p, name, lim)
    scan = Scan({})
    scan.peak("file_bytes", p.stat().st_size)
    if not zipfile.is_zipfile(p):
        scan.complete = True
        return scan  # .xls (OLE) or .csv: the file size limit applies; the reader reports other problems
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
            declared = sum(max(i.file_size, 0) for i in infos)
            scan.peak("uncompressed_bytes", declared)
            if declared > lim.uncompressed_bytes:
                raise _refuse("limit-uncompressed", name, size_mb=round(declared / 1048576, 1),
                              limit=_num(lim.uncompressed_mb), env=ENV["uncompressed_mb"])
            sheets = _sheet_names(zf)
            budget = [lim.uncompressed_bytes]
            cells_total = 0
            for info in infos:
                fn = info.filename
                errors: list[tuple[int, int, str]] = []
                if fn.startswith("xl/worksheets/") and fn.endswith(".xml"):
                    sheet = sheets.get(fn, Path(fn).stem)
                    scan.sizes[sheet] = info.file_size
                    rows, cells = _scan(zf, info, _XLSX_TOKEN, budget, name, lim, errors, sheet, scan)
                    if errors:
                        scan.errors[sheet] = errors
                elif _PARSED_PART.match(fn):  # styles, shared strings …: parsed whole by the readers
                    _check_part(zf, info, budget, name, lim, scan)
                    continue
                elif fn == "content.xml":
                    rows, cells = _scan(zf, info, _ODS_TOKEN, budget, name, lim, errors, None, scan)
                    sheet = None
                    _check_ods_repeats(zf, info, name, lim, scan)  # repeated rows and columns multiplied out
                    if errors:  # the scan saw an error cell: find where each one is
                        scan.errors.update(_ods_error_cells(zf, info))
                else:
                    continue
                scan.peak("rows", rows)
                if rows > lim.rows:
                    raise _refuse("limit-rows", name, sheet, rows=rows, limit=lim.rows, env=ENV["rows"])
                cells_total += cells
                scan.peak("cells", cells_total)
                if cells_total > lim.cells:
                    raise _refuse("limit-cells", name, sheet, cells=cells_total, limit=lim.cells,
                                  env=ENV["cells"])
            scan.peak("uncompressed_bytes", lim.uncompressed_bytes - budget[0])
    except InputError:
        raise
    except Exception:  # corrupt content (BadZipFile, zlib.error …): the reader reports it in its own words
        return scan
    scan.complete = True
    return scan


# The parts besides the sheets that python-calamine or scorecard parse (a picture, an embedded file or
# a pivot cache is never parsed, and stays bounded by the uncompressed limit only)
_PARSED_PART = re.compile(r"(?:\[Content_Types\]\.xml|xl/styles\.xml|xl/sharedStrings\.xml|xl/workbook\.xml"
                          r"|.*\.rels|docProps/[^/]*\.xml|xl/tables/[^/]*\.xml|styles\.xml|meta\.xml|settings\.xml"
                          r"|META-INF/manifest\.xml)", re.IGNORECASE)
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
_PART_CODE = {"xl/styles.xml": "limit-styles", "styles.xml": "limit-styles",
              "xl/sharedstrings.xml": "limit-shared-strings"}


def _check_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int], name: str, lim: Limits,
                scan: Scan | None = None) -> None:
    """A part parsed whole by the readers (issue 18, class 4: a 4.5 MB workbook with 212 MB of
    styles peaked at 1.6 GB): refused when its declared size passes the part limit, then streamed
    with that cap (a zip directory can lie). The shared strings are also counted against the cell
    limit: ten million empty strings fit in 50 MB and take 240 MB in the reader."""
    code = _PART_CODE.get(info.filename.lower(), "limit-part")
    shared = code == "limit-shared-strings"

    def refuse(size: object) -> InputError:
        return _refuse(code, name, part=info.filename, size_mb=size, limit=_num(lim.part_mb), env=ENV["part_mb"])

    def count(data: bytes) -> int:
        if b":si" in data:  # prefixed tags (<x:si>): the regex
            return len(_SHARED_STRING.findall(data))
        return data.count(b"<si>") + data.count(b"<si ") + data.count(b"<si/")

    if scan is not None:
        scan.peak("part_bytes", info.file_size)
    if info.file_size > lim.part_bytes:
        raise refuse(round(info.file_size / 1048576, 1))
    size = strings = 0
    tail = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            size += len(chunk)
            budget[0] -= len(chunk)
            if size > lim.part_bytes:
                raise refuse(">" + _num(lim.part_mb))
            if budget[0] < 0:
                raise _refuse("limit-uncompressed", name, size_mb=">" + _num(lim.uncompressed_mb),
                              limit=_num(lim.uncompressed_mb), env=ENV["uncompressed_mb"])
            if shared:
                data = tail + chunk
                cut = data.rfind(b"<", max(0, len(data) - 16)) if chunk else -1  # a tag cut by the chunk's end
                cut = len(data) if cut < 0 else cut                               # waits for the next one
                strings += count(data[:cut])
                tail = data[cut:]
                if scan is not None:
                    scan.peak("cells", strings)
                if strings > lim.cells:
                    raise _refuse("limit-shared-strings-count", name, limit=lim.cells, env=ENV["cells"])
            if not chunk:
                break
    if scan is not None:
        scan.peak("part_bytes", size)


def with_error_cells(rows: list[list], first_row: int, first_col: int, errors: list[tuple[int, int, str]] | None
                     ) -> list[list]:
    """Put the Excel error texts (``#DIV/0!``) back into a sheet's cells, where the reader left
    them empty, so that validation names them instead of taking them as blanks."""
    for row, col, text in errors or ():
        i, j = row - first_row, col - first_col
        if 0 <= i < len(rows) and j >= 0:
            cells = rows[i]
            if j >= len(cells):
                cells.extend([""] * (j + 1 - len(cells)))
            if cells[j] in ("", None):
                cells[j] = text
    return rows


def _ods_error_cells(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[str, list[tuple[int, int, str]]]:
    """Error cells of an .ods (LibreOffice writes ``calcext:value-type="error"`` and the error
    text, with an empty string value that python-calamine returns as a blank). Streaming parse;
    repeated rows and columns are counted, not expanded."""
    import xml.etree.ElementTree as ET

    t = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    calc = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
    out: dict[str, list[tuple[int, int, str]]] = {}
    sheet, row, col = "", 0, 0
    with zf.open(info) as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == t + "table":
                    sheet, row = el.get(t + "name", ""), 0
                elif tag == t + "table-row":
                    col = 0
                continue
            if tag in (t + "table-cell", t + "covered-table-cell"):
                if el.get(calc + "value-type") == "error":
                    text = "".join(el.itertext()).strip() or "#N/A"
                    out.setdefault(sheet, []).append((row + 1, col, text))
                col += int(el.get(t + "number-columns-repeated", "1") or 1)
                el.clear()
            elif tag == t + "table-row":
                row += int(el.get(t + "number-rows-repeated", "1") or 1)
                el.clear()
    return out


def _check_ods_repeats(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, lim: Limits,
                       scan: Scan | None = None) -> None:
    """An .ods writes a repeated row or cell once (``table:number-rows-repeated``,
    ``table:number-columns-repeated``): a 9 KB file can hold 30 million cells. Count rows and cells
    holding a value with their repeats, and each sheet's used range, before the reader expands them.
    Streaming parse; nothing is expanded."""
    import xml.etree.ElementTree as ET

    t = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    cells_total = 0
    sheet, row, rows, max_row, max_col = "", 0, 0, 0, 0
    row_cells, row_last_col, col = 0, -1, 0
    with zf.open(info) as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == t + "table":
                    sheet, row, rows, max_row, max_col = el.get(t + "name", ""), 0, 0, 0, 0
                elif tag == t + "table-row":
                    col, row_cells, row_last_col = 0, 0, -1
                continue
            if tag in (t + "table-cell", t + "covered-table-cell"):
                rep = _repeat(el.get(t + "number-columns-repeated"))
                if el.get(office + "value-type") is not None or len(el):
                    row_cells += rep
                    row_last_col = col + rep - 1
                col += rep
                el.clear()
            elif tag == t + "table-row":
                rep = _repeat(el.get(t + "number-rows-repeated"))
                if row_cells:
                    rows += rep
                    cells_total += row_cells * rep
                    max_row, max_col = row + rep, max(max_col, row_last_col + 1)
                    if scan is not None:
                        scan.peak("rows", rows)
                        scan.peak("cells", cells_total)
                        scan.peak("area", max_row * max_col)
                    if rows > lim.rows:
                        raise _refuse("limit-rows", name, sheet, rows=rows, limit=lim.rows, env=ENV["rows"])
                    if cells_total > lim.cells:
                        raise _refuse("limit-cells", name, sheet, cells=cells_total, limit=lim.cells, env=ENV["cells"])
                    if max_row * max_col > lim.area:
                        raise _refuse("limit-area", name, sheet, ref=f"A1:{_col_letters(max_col - 1)}{max_row}",
                                      area=max_row * max_col, limit=lim.area, env=ENV["cells"])
                row += rep
                el.clear()
            elif tag == t + "table":
                el.clear()


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


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


_ROW_START = re.compile(rb"<row[\s>/]")
# a cell holding a formula and no cached value (<f>..</f> then no <v>, or an empty one): what
# openpyxl and other generators write; the reader would see a blank
_FORMULA_NO_VALUE = re.compile(
    rb'<c\b([^>]*[^/])>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>|<v\s[^>]*>\s*</v>)?\s*</c>')
NO_CACHED_VALUE = "\x00formula-without-value"  # scorecard.parse.NO_CACHED_VALUE
_PREFIXED_TAG = re.compile(rb"<[A-Za-z_][\w.-]*:(?:row|v|is)[\s>/]")
_VALUE_TOKENS = (b"<v>", b"<v ", b"<v/", b"<is>", b"<is ", b"<is/")


_ROW_NUMBER = re.compile(rb'^[^>]*?\br="(\d{1,7})"')
# a cell with a two- or three-letter column holding a value (<v> or an inline string), possibly
# after its formula: the widest one decides the grid's width
_WIDE_VALUE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d{1,7}"[^>]*?(?<!/)>(?:<f\b[^>]*?(?:/>|>[^<]*</f>))?<(?:v|is)[\s>]')
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')


def _ref_area(c1: bytes, r1: bytes, c2: bytes | None, r2: bytes | None) -> int:
    if c2 is None or r2 is None:
        return 1
    cols = abs(_col_index(c2.decode()) - _col_index(c1.decode())) + 1
    return cols * (abs(int(r2) - int(r1)) + 1)


def _extent_xlsx(data: bytes, extent: list[int]) -> None:
    """Grow ``extent`` = [last row holding a value, widest column holding a value (0-based),
    number of the last row started (its cells may come in the next chunk)]."""
    segments = _ROW_START.split(data)
    if extent[2] and any(t in segments[0] for t in _VALUE_TOKENS):  # the cells of a row begun earlier
        extent[0] = max(extent[0], extent[2])
    for seg in reversed(segments[1:]):
        if any(t in seg for t in _VALUE_TOKENS):
            m = _ROW_NUMBER.match(seg)
            if m:
                extent[0] = max(extent[0], int(m.group(1)))
            break
    if len(segments) > 1:
        m = _ROW_NUMBER.match(segments[-1])
        extent[2] = int(m.group(1)) if m else 0
    if b'r="' in data:
        for m in _WIDE_VALUE_CELL.finditer(data):
            extent[1] = max(extent[1], _col_index(m.group(1).decode()))
        for j in range(25, extent[1], -1):  # single-letter columns: the furthest letter used (cheap finds)
            if data.find(b'<c r="' + bytes([65 + j])) >= 0:
                extent[1] = j
                break


def _count_xlsx(data: bytes, rows: int, cells: int, pending: int) -> list[int]:
    """What the token loop of :func:`_scan` counts for unprefixed .xlsx XML — rows holding a value,
    value cells, and whether the last row started holds no value yet — with bytes.count and one
    split per row instead of a Python step per cell (the scan cost as much as the parse)."""
    cells += sum(data.count(t) for t in _VALUE_TOKENS)
    segments = _ROW_START.split(data)
    if pending and any(t in segments[0] for t in _VALUE_TOKENS):
        rows, pending = rows + 1, 0
    for seg in segments[1:]:
        if any(t in seg for t in _VALUE_TOKENS):
            rows, pending = rows + 1, 0
        else:
            pending = 1
    return [rows, cells, pending]


_ROW_NUMBER_AT = re.compile(rb'[^>]*?\br="(\d{1,7})"')  # _ROW_NUMBER for Pattern.match(data, pos)


@functools.lru_cache(maxsize=1)
def _byte_classes() -> tuple[Any, Any, Any]:
    """Lookup tables (256 booleans) for the vectorised scan: the byte after a value tag (``>``,
    space, ``/``: :data:`_VALUE_TOKENS`), after a row tag (``[\\s>/]``: :data:`_ROW_START`), and
    upper-case letters."""
    import numpy as np

    token_end = np.zeros(256, dtype=bool)
    token_end[list(b"> /")] = True
    row_end = np.zeros(256, dtype=bool)
    row_end[list(b" \t\n\r\f\v>/")] = True
    upper = np.zeros(256, dtype=bool)
    upper[65:91] = True
    return token_end, row_end, upper


_BUFFERS = threading.local()


def _masks(n: int) -> tuple[Any, Any, Any]:
    """Three reusable boolean arrays of length ``n`` (this thread's; grown when a chunk is longer):
    fresh 1 MB arrays for every comparison cost more in page faults than the comparisons."""
    import numpy as np

    have = getattr(_BUFFERS, "masks", None)
    if have is None or have[0].size < n:
        size = max(n, 2 << 20)
        have = _BUFFERS.masks = tuple(np.empty(size, dtype=bool) for _ in range(3))
    return have[0][:n], have[1][:n], have[2][:n]


def _as_array(data: bytes, end: int | None) -> tuple[bytes, Any, int]:
    """``data`` (zero-padded when fewer than 9 bytes follow ``end``: the tests of :func:`_tally_xlsx`
    read up to 8 bytes past a "<"), its bytes as a numpy array, and ``end`` (default: its length)."""
    import numpy as np

    n = len(data) if end is None else end
    if len(data) < n + 9:
        data = data[:n] + b"\0" * 9
    return data, np.frombuffer(data, dtype=np.uint8), n


def _tag_starts(data: bytes, end: int | None = None, a: Any = None) -> Any:
    """The positions of every ``<`` of ``data[:end]`` that opens a tag (not ``</``), in order: the
    one list as long as the tags that :func:`_tally_xlsx` takes from the bytes (the read-ahead
    thread finds it for the next chunk while the scan counts this one)."""
    import numpy as np

    if a is None:
        data, a, end = _as_array(data, end)
    n = len(data) if end is None else end
    lt, m, _ = _masks(n)
    np.equal(a[:n], 60, out=lt)
    np.not_equal(a[1:n + 1], 47, out=m)  # "</...": closing tags, half of all tags, none counted
    np.logical_and(lt, m, out=lt)
    return np.flatnonzero(lt)


def _tally_xlsx(data: bytes, counts: list[int], extent: list[int], seen: list[bool] | None = None,
                end: int | None = None, starts: Any = None) -> bool:
    """:func:`_count_xlsx` and :func:`_extent_xlsx` over ``data[:end]`` (default: all of it) in one
    vectorised pass, for XML without prefixed tags: numpy finds every ``<`` that does not open a
    closing tag once, then classifies the few bytes after each one (``<v``, ``<is``, ``<row``,
    ``<c r="``, ``<f``) on that ~15x shorter list. Updates ``counts`` and ``extent`` in place and
    returns True; returns False, changing nothing, when ``data[:end]`` has a prefixed row/value tag
    (the caller then uses the token loop). ``seen`` (when given, and tallied) becomes [the bytes hold
    ``<f``, they hold ``t="e"``]: formulas and error cells to look at.

    ``end`` saves copying a chunk's bytes: the bytes from ``end`` on are read past a tag only where
    ``data[end]`` is ``<`` (where :func:`_scan` cuts), which no test below accepts, so they count
    as the end of the bytes would. ``starts``: what :func:`_tag_starts` gives for the same bytes,
    when the read-ahead thread has found it already."""
    import numpy as np

    data, a, n = _as_array(data, end)
    body = a[:n]
    _, row_end, upper = _byte_classes()
    if data.find(b":", 0, n) >= 0:  # a prefixed tag (<x:row, <x:v, <x:is) needs ":row", ":v" or ":is"
        colon = np.flatnonzero(body == 58)
        c1, c2, c3, c4 = a[colon + 1], a[colon + 2], a[colon + 3], a[colon + 4]
        maybe = ((c1 == 118) & row_end[c2]) | ((c1 == 105) & (c2 == 115) & row_end[c3]) | \
            ((c1 == 114) & (c2 == 111) & (c3 == 119) & row_end[c4])
        if maybe.any() and _PREFIXED_TAG.search(data, 0, n):
            return False
    at = _tag_starts(data, n, a) if starts is None else starts  # every "<" that opens a tag
    _, m, e = _masks(n)
    a1, a2, a3, a4, a5 = a[1:], a[2:], a[3:], a[4:], a[5:]
    c = a1.take(at)

    def ends_token(x: Any) -> Any:  # > space / (_VALUE_TOKENS)
        return (x == 62) | (x == 32) | (x == 47)

    pv = np.compress(c == 118, at)
    pv = np.compress(ends_token(a2.take(pv)), pv)  # <v> <v  <v/
    pis = np.compress(c == 105, at)
    pis = np.compress((a2.take(pis) == 115) & ends_token(a3.take(pis)), pis)  # <is> <is  <is/
    rowpos = np.compress(c == 114, at)
    rowpos = np.compress((a2.take(rowpos) == 111) & (a3.take(rowpos) == 119) & row_end.take(a4.take(rowpos)),
                         rowpos)  # <row + [\s>/]
    cpos = np.compress(c == 99, at)
    cpos = np.compress((a2.take(cpos) == 32) & (a3.take(cpos) == 114) & (a4.take(cpos) == 61)
                       & (a5.take(cpos) == 34), cpos)  # <c r="
    if seen is not None:
        formula = bool((c == 102).any())  # "<f"
        error = False
        # t="e" at i: first any 'e"' at all, two bytes at a time (even and odd offsets: rare, a few per chunk)
        if (np.frombuffer(data, "<u2", (n + 4) >> 1) == 0x2265).any() or \
                (np.frombuffer(data, "<u2", (n + 3) >> 1, 1) == 0x2265).any():
            np.equal(a[3:n + 3], 101, out=e)  # e at i + 3, then a quote
            np.equal(a[4:n + 4], 34, out=m)
            np.logical_and(e, m, out=e)
            q = np.flatnonzero(e)
            error = bool(((a.take(q) == 116) & (a1.take(q) == 61) & (a2.take(q) == 34)).any())
        seen[:] = [formula, error]
    rows, cells, pending = counts
    ntok = int(pv.size + pis.size)
    cells += ntok
    # the rows: the values before the first row start end a row begun earlier; then, per row begun
    # here, how many values it holds (values before each row start, from the two sorted lists)
    if rowpos.size:
        before = np.searchsorted(pv, rowpos) + np.searchsorted(pis, rowpos)
        first_seg = int(before[0]) > 0
        per_row = np.diff(np.append(before, ntok))
    else:
        first_seg = ntok > 0
        per_row = None
    if extent[2] and first_seg:
        extent[0] = max(extent[0], extent[2])
    if pending and first_seg:
        rows, pending = rows + 1, 0
    if per_row is not None:
        filled = np.flatnonzero(per_row)
        rows += int(filled.size)
        pending = 0 if per_row[-1] > 0 else 1
        if filled.size:  # the last row holding a value: its number
            k = int(filled[-1])
            m_ = _ROW_NUMBER_AT.match(data, int(rowpos[k]) + 5, int(rowpos[k + 1]) if k + 1 < rowpos.size else n)
            if m_:
                extent[0] = max(extent[0], int(m_.group(1)))
        m_ = _ROW_NUMBER_AT.match(data, int(rowpos[-1]) + 5, n)
        extent[2] = int(m_.group(1)) if m_ else 0
    counts[:] = [rows, cells, pending]
    # the widest column: cells written <c r="..."
    if cpos.size:
        known = extent[1]
        first, second = a[6:].take(cpos), a[7:].take(cpos)
        letter = (first - np.uint8(65)) < 26  # A-Z (uint8 arithmetic wraps below "A")
        wide = letter & ((second - np.uint8(65)) < 26)
        if wide.any():  # two- or three-letter columns: the widest one holding a value, widest first
            if known >= 26:  # the cells that may pass it: three letters, or two after its two letters
                beyond = wide & ((a[8:].take(cpos) - np.uint8(65)) < 26)
                if known < 702:
                    two = _col_letters(known).encode()
                    beyond |= wide & (((first.astype(np.uint16) << 8) | second) > (two[0] << 8 | two[1]))
                wide = beyond
            if wide.any():
                wpos = np.compress(wide, cpos)
                l1, l2, l3 = (a[wpos + k].astype(np.int64) - 64 for k in (6, 7, 8))
                col = np.where(upper[a[wpos + 8]], (l1 * 26 + l2) * 26 + l3, l1 * 26 + l2) - 1
                beyond = col > known  # only a column wider than the widest known can change it
                if beyond.any():
                    wpos, col = wpos[beyond], col[beyond]
                    for k in np.argsort(-col, kind="stable").tolist():
                        m_ = _WIDE_VALUE_CELL.match(data, int(wpos[k]), n)
                        if m_:  # the same regex as before, tried at the cells of the widest columns first
                            extent[1] = max(extent[1], _col_index(m_.group(1).decode()))
                            break
        if extent[1] < 25 and letter.any():  # the furthest first letter of any cell reference (as
            extent[1] = max(extent[1], int(np.max(first, where=letter, initial=0)) - 65)  # _extent_xlsx)
    return True


def _col_letters(index: int) -> str:
    from scorecard.issues import column_letter

    return column_letter(index)


# Issue 18 class 4 (QA item 3): a single cell's XML above this is refused while streaming, before it
# is held whole (a 280 MB inline string in a 310 KB file cost ~940 MB and 12 s). Excel holds at most
# 32,767 characters in a cell: ~200 KB of XML even with every character escaped, a few MB with a
# formatting run per character; 16 MB is far beyond any real cell and keeps the carry-over small.
MAX_CELL_BYTES = 16 << 20
_END_SHEET_DATA = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData>")


def _ends_sheet_data(data: bytes) -> bool:
    """Whether ``data`` holds ``</sheetData>`` (or a prefixed ``</x:sheetData>``): what
    ``_END_SHEET_DATA.search(data)`` says, looking only where ``sheetData>`` is (the regex over a
    whole chunk cost ~10 ms per MB, on each sheet's first chunk: ``<sheetData>`` opens it)."""
    i = data.find(b"sheetData>")
    while i >= 0:
        j = data.rfind(b"</", 0, i)  # a tag prefix holds no '<' or '/': the match begins at the last '</'
        if j >= 0 and _END_SHEET_DATA.fullmatch(data, j, i + 10):
            return True
        i = data.find(b"sheetData>", i + 1)
    return False


def _last_start(data: bytes, start: int) -> int:
    """Where the last cell or row tag of ``data`` at or after ``start`` begins (-1: none)."""
    last = max(data.rfind(b"<c ", start), data.rfind(b"<row", start))
    if data.find(b":", start) < 0:  # the other three hold a colon: none to look for (one memchr)
        return last
    return max(last, data.rfind(b":c ", start), data.rfind(b":row", start), data.rfind(b"<table:table-row", start))


# Chunks a helper thread inflates ahead of the scan (see _ReadAhead), and the declared size of a
# part from which it is used (a smaller part is read in the scan's own thread)
_AHEAD = 2
_READ_AHEAD_FROM = 2 * _CHUNK


class _Piece(NamedTuple):
    """One chunk of a part as :func:`_scan` counts it (:func:`_pieces`)."""

    size: int  # bytes read (0: the end of the part; ``data`` is then what was carried over)
    data: bytes  # what was carried over from the chunk before, then this chunk
    start: int  # where the last cell or row tag of ``data`` begins (-1: none)
    cell: str  # the reference of that cell ("A900"; "-": none found)
    end: int  # data[:end] is counted now, data[end:] carried over to the next chunk
    starts: Any  # _tag_starts(data, end), or None: found when counted


def _pieces(read: Callable[[], bytes], tags: Callable[[], bool] | None) -> Iterator[_Piece]:
    """Cut the chunks that ``read`` returns where :func:`_scan` counts them: the last (possibly
    incomplete) cell or row of each is carried over to the next (looked for in the last 64 KB
    first: a miss there would search the whole chunk backwards). Only the bytes decide, so this
    can run ahead of the counting, in the read-ahead thread; ``tags`` (when given and true for a
    chunk): find its tag positions too."""
    tail = b""
    while True:
        chunk = read()
        if not chunk:
            yield _Piece(0, tail, -1, "-", len(tail), None)
            return
        data = tail + chunk
        start = _last_start(data, max(0, len(data) - 65536))
        if start < 0:
            start = _last_start(data, 0)
        cell = "-"
        if start >= 0:
            ref = _CELL_REF.search(data, start, start + 512)
            cell = (ref.group(1) + ref.group(2)).decode() if ref else "-"
        end = start
        if end > 0 and data[end] != 60:  # ":c " of a prefixed tag: back to its "<"
            end = data.rfind(b"<", 0, end)
        if end <= 0:
            end = len(data)
        yield _Piece(len(chunk), data, start, cell, end, _tag_starts(data, end) if tags and tags() else None)
        tail = data[end:]


def _faster_inflate(fh: Any) -> None:
    """Give zipfile's reader of a deflated part, before its first read, zlib-ng's decompressor
    instead of zlib's: the same interface and the same inflate (zlib-ng's is zlib's, reworked for
    speed, with the same checks), ~1.7x faster here. Everything else stays zipfile's own: the reads,
    the declared size, the CRC check, the errors. Without zlib-ng, or with a zipfile that reads
    otherwise, nothing changes."""
    try:
        from zlib_ng import zlib_ng
    except ImportError:  # pragma: no cover - a dependency; the scan is only slower without it
        return
    import zlib

    current = getattr(fh, "_decompressor", None)
    if (getattr(fh, "_compress_type", None) == zipfile.ZIP_DEFLATED and type(current) is type(zlib.decompressobj())
            and not current.unconsumed_tail and not current.eof):
        fh._decompressor = zlib_ng.decompressobj(-zlib.MAX_WBITS)


class _ReadAhead:
    """:func:`_pieces` of ``fh`` (``fh.read(_CHUNK)`` cut where the scan counts, with the tag
    positions found) in a helper thread, up to :data:`_AHEAD` chunks ahead of the scan, so that
    inflating the next chunk (zlib and zlib-ng release the GIL) and finding its tags overlap
    counting this one. The scan gets the same pieces, and an error of the read (a corrupt stream, a
    bad CRC) at the same place, as if it read them itself. The helper reads nothing after the chunk
    that passes ``cap`` bytes in all (the uncompressed budget left: the scan refuses that chunk) or
    the end of the part, and stops when :meth:`close` is called (the scan stopped early: a limit
    passed)."""

    def __init__(self, fh: Any, cap: int, tags: bool) -> None:
        import queue

        self._fh, self._cap, self._tags = fh, cap, tags
        self._queue: queue.Queue[tuple[_Piece | None, BaseException | None]] = queue.Queue(_AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scorecard-prescan-read", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        total = 0
        try:
            # the tags of a chunk are found here while the scan has a chunk waiting (it is behind), else
            # by the scan: the work is shared by the two threads whichever is the slower one here
            read = lambda: b"" if self._stop.is_set() else self._fh.read(_CHUNK)  # noqa: E731 - nothing once closed
            for piece in _pieces(read, self._behind if self._tags else None):
                total += piece.size
                if not self._put((piece, None)) or not piece.size or total > self._cap:
                    return
        except BaseException as exc:  # raised by next(), in the scan's thread, where it reaches it
            self._put((None, exc))

    def _behind(self) -> bool:
        """Whether the scan has a chunk waiting (it is the slower one)."""
        return self._queue.qsize() > 0

    def _put(self, item: tuple[_Piece | None, BaseException | None]) -> bool:
        import queue

        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> _ReadAhead:
        return self

    def __next__(self) -> _Piece:
        piece, exc = self._queue.get()
        if exc is not None:
            raise exc
        assert piece is not None
        return piece

    def close(self) -> None:
        import queue

        self._stop.set()
        while True:  # free a put() that waits for room
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._thread.join()


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, token: re.Pattern, budget: list[int], name: str,
          lim: Limits, errors: list[tuple[int, int, str]] | None = None, sheet: str | None = None,
          scan: Scan | None = None) -> tuple[int, int]:
    """Stream one XML part: (rows holding a value, cells holding a value); error cells are
    appended to ``errors``. Stops as soon as a limit is passed; never reads more than the
    remaining uncompressed budget."""
    counts = [0, 0, 0]  # rows, cells, "a row started and holds no value yet"
    seen = [True, True]
    extent = [0, 0, 0]  # last value row, widest column (0-based), last row begun
    first = [True]

    def process(data: bytes, end: int, starts: Any = None) -> None:
        """Count ``data[:end]`` (passed whole with ``end``: no copy of the chunk)."""
        if token is _XLSX_TOKEN:
            if first[0]:  # the declared used range (<dimension ref="A1:ALL99999"/>), read or not
                first[0] = False
                dim = _DIMENSION.search(data, 0, min(end, 4096))
                if dim and scan is not None:
                    scan.peak("area", _ref_area(*dim.groups()))
                if dim and _ref_area(*dim.groups()) > lim.area:
                    ref = b":".join(x for x in (dim.group(1) + dim.group(2),
                                                (dim.group(3) or b"") + (dim.group(4) or b"")) if x).decode()
                    raise _refuse("limit-area", name, sheet, ref=ref, area=_ref_area(*dim.groups()),
                                  limit=lim.area, env=ENV["cells"])
            tallied = _tally_xlsx(data, counts, extent, seen, end, starts)  # rows, cells, extent, vectorised
            if not tallied:
                data = data[:end]
                _extent_xlsx(data, extent)
            if scan is not None:
                scan.peak("area", extent[0] * (extent[1] + 1))
            if extent[0] * (extent[1] + 1) > lim.area:
                raise _refuse("limit-area", name, sheet, ref=f"A1:{_col_letters(extent[1])}{extent[0]}",
                              area=extent[0] * (extent[1] + 1), limit=lim.area, env=ENV["cells"])
            _process(data, end, tallied)
            return
        _process(data[:end], end, False)

    def _process(data: bytes, end: int, tallied: bool) -> None:
        if errors is not None and not errors and token is not _XLSX_TOKEN and _ODS_ERROR in data:
            errors.append((0, 0, "#ODS"))  # a marker: an ODS error cell exists (located later)
        # seen (from _tally_xlsx): whether the chunk holds "<f" and 't="e"' (bytes.find costs ~2 ms per MB)
        if errors is not None and (seen[0] if tallied else b"<f" in data):  # formulas without a cached value
            for m in _FORMULA_NO_VALUE.finditer(data, 0, end):
                ref = _CELL_REF.search(m.group(1))
                if ref:
                    errors.append((int(ref.group(2)), _col_index(ref.group(1).decode()), NO_CACHED_VALUE))
        if errors is not None and (seen[1] if tallied else b't="e"' in data):
            for m in _ERROR_CELL.finditer(data, 0, end):
                ref, val = _CELL_REF.search(m.group(1)), _VALUE.search(m.group(2))
                if ref:
                    errors.append((int(ref.group(2)), _col_index(ref.group(1).decode()),
                                   val.group(1).decode("utf-8", "replace") if val else "#N/A"))
        if tallied:
            return  # counted by _tally_xlsx
        rows, cells, pending = counts
        for m in token.finditer(data):
            if m.group(1) in (b"row", b"table-row"):
                pending = 1
                continue
            cells += 1
            if pending:
                rows += 1
                pending = 0
        counts[:] = [rows, cells, pending]

    # A cell larger than MAX_CELL_BYTES is refused while streaming: ``since`` counts the bytes since
    # the last cell or row tag began. A run of chunks begins at a chunk holding such a tag (``head``)
    # and goes on through the chunks holding none; once the cells have ended (</sheetData>) in a run,
    # nothing in it is a cell. Whether they ended is looked for only when it can decide: the run's
    # head is searched (~0.4-1 ms per MB) when ``since`` passes the limit or a chunk with no tag
    # follows (None: not looked at yet), every chunk without a tag when it comes (rare).
    since, head = 0, b""
    ended: bool | None = False
    last_cell = "-"  # the reference of that cell (A900), for the message
    with zf.open(info) as fh:
        ahead = None
        if info.file_size > _READ_AHEAD_FROM:
            _faster_inflate(fh)
            ahead = _ReadAhead(fh, budget[0], token is _XLSX_TOKEN)
        pieces = ahead if ahead is not None else _pieces(lambda: fh.read(_CHUNK), None)
        try:
            while counts[0] <= lim.rows and counts[1] <= lim.cells:
                piece = next(pieces)
                data, cut = piece.data, piece.start
                if not piece.size:
                    process(data, piece.end)
                    break
                budget[0] -= piece.size
                if budget[0] < 0:  # the declared sizes lied (zip bomb): stop reading
                    raise _refuse("limit-uncompressed", name, size_mb=">" + _num(lim.uncompressed_mb),
                                  limit=_num(lim.uncompressed_mb), env=ENV["uncompressed_mb"])
                # one cell (or .ods row) larger than any spreadsheet writes: refused while streaming
                if cut >= 0:
                    last_cell = piece.cell
                    since, ended, head = len(data) - cut, None, data
                else:
                    if ended is None:
                        ended = _ends_sheet_data(head)
                    since += piece.size
                    ended = ended or _ends_sheet_data(data)  # past the cells: merges, validations …
                if since > MAX_CELL_BYTES:
                    if ended is None:
                        ended = _ends_sheet_data(head)
                    if not ended:
                        raise _refuse("limit-cell-size", name, sheet, cell=last_cell,
                                      limit=_num(MAX_CELL_BYTES / 2**20))
                process(data, piece.end, piece.starts)
        finally:
            if ahead is not None:
                ahead.close()
    return counts[0], counts[1]
