"""Read a workbook's cells, keeping where each one sits (sheet, Excel row, column letter).

python-calamine (Rust) reads .xlsx/.xlsm/.xls/.ods quickly and returns cached formula values;
the file is opened read-only and never written. What comes out is plain Python cells per sheet;
understanding them (headers, types, regions) is the job of :mod:`scorecard.validate`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scorecard.issues import InputError, Issue

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class RawSheet:
    """The used range of one sheet: ``rows[i][j]`` is Excel row ``first_row + i``, column
    index ``first_col + j`` (0-based, A = 0)."""

    name: str
    rows: list[list[Any]]
    first_row: int = 1
    first_col: int = 0
    hidden: bool = False


@dataclass(frozen=True)
class RawWorkbook:
    path: str
    sheets: list[RawSheet] = field(default_factory=list)

    def sheet(self, name: str) -> RawSheet | None:
        for s in self.sheets:
            if s.name == name:
                return s
        return None


def read_workbook(path: str | Path) -> RawWorkbook:
    """Read every sheet of ``path``; raise :class:`InputError` if the file cannot be read at all."""
    p = Path(path)
    name = str(path)
    if p.is_dir():
        return _read_csv_folder(p)
    if not p.exists():
        raise InputError(Issue("file-not-found", file=name, params={"known": "-"}))
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(Issue("workbook-format", file=name, params={"suffix": suffix or "(none)"}))
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(Issue("file-unreadable", file=name, params={"reason": exc.strerror or str(exc)})) from None
    if not head:
        raise InputError(Issue("workbook-empty-file", file=name))
    from scorecard import limits

    if suffix == ".csv":
        return RawWorkbook(name, [_read_csv(p, name, "wilayah")])
    if suffix in (".xlsx", ".xlsm") and head.startswith(_OLE_MAGIC):
        raise InputError(Issue("workbook-encrypted", file=name))
    if suffix in (".xlsx", ".xlsm", ".ods") and not zipfile.is_zipfile(p):
        raise InputError(Issue("workbook-unreadable", file=name, params={"reason": "not a zip container"}))
    limits.check_workbook(p, name)  # size, rows and cells, before anything is read whole
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(p))
        sheets: list[RawSheet] = []
        for meta in wb.sheets_metadata:
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=True)
            start = sheet.start or (0, 0)
            # str(meta.visible) is "SheetVisibleEnum.Hidden": compare the last part, not a substring
            hidden = str(meta.visible).rsplit(".", 1)[-1].lower() != "visible"
            sheets.append(RawSheet(meta.name, rows, start[0] + 1, start[1], hidden))
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own error types for corrupt content
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError(Issue("workbook-unreadable", file=name, params={"reason": reason})) from None
    return RawWorkbook(name, sheets)


def _read_csv(p: Path, name: str, sheet: str) -> RawSheet:
    from scorecard import limits

    lim = limits.current()
    limits.check_file_size(p, name, lim)
    data = p.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Issue("not-utf8", file=name, params={"offset": exc.start})) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows: list[list[Any]] = []
    cells = 0
    try:
        for r in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(list(r))
            cells += len(r)
            if len(rows) > lim.rows or cells > lim.cells:
                code, n, cap = ("limit-rows", len(rows), lim.rows) if len(rows) > lim.rows else \
                    ("limit-cells", cells, lim.cells)
                key, env = ("rows", limits.ENV["rows"]) if code == "limit-rows" else ("cells", limits.ENV["cells"])
                raise InputError(Issue(code, file=name, sheet=sheet, params={key: f"> {n - 1}", "limit": cap,
                                                                              "env": env}))
    except csv.Error as exc:
        raise InputError(Issue("workbook-unreadable", file=name, row=len(rows) + 1,
                               params={"reason": f"CSV: {exc}"})) from None
    return RawSheet(sheet, rows, 1, 0, False)


def _read_csv_folder(p: Path) -> RawWorkbook:
    files = sorted(f for f in p.iterdir() if f.suffix.lower() == ".csv")
    if not files:
        raise InputError(Issue("workbook-format", file=str(p), params={"suffix": "(folder without .csv)"}))
    return RawWorkbook(str(p), [_read_csv(f, str(f), f.stem) for f in files])
