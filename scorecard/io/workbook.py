"""Read a workbook's cells, keeping where each one sits (sheet, Excel row, column letter).

python-calamine (Rust) reads .xlsx/.xlsm/.xls/.ods quickly and returns cached formula values;
the file is opened read-only and never written. What comes out is plain Python cells per sheet,
plus two facts calamine does not give: which cells are formatted as percentages (read from the
.xlsx styles or the .ods value types, so "45,6%" typed in Excel is not mistaken for 0.456), and
cells merged down over several rows, whose value is given to every row they cover. Understanding
the cells (headers, types, regions) is the job of :mod:`scorecard.validate`.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from scorecard.issues import InputError, Issue, Phrase, file_unreadable

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
    # cells shown as a percentage (Excel stores "45,6%" typed in a cell as 0.456 with a percent
    # number format): (Excel row, 0-based column). Filled for .xlsx/.xlsm/.ods.
    percent: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True)
class RawWorkbook:
    path: str
    sheets: list[RawSheet] = field(default_factory=list)
    # what the limits pre-scan counted (scorecard.limits.Scan); None for CSV
    scan: Any = field(default=None, compare=False, repr=False)

    def sheet(self, name: str) -> RawSheet | None:
        for s in self.sheets:
            if s.name == name:
                return s
        return None


def read_workbook(path: str | Path) -> RawWorkbook:
    """Read every sheet of ``path``; raise :class:`InputError` if the file cannot be read at all."""
    from scorecard import limits

    return _read(path, limits.current(), parallel=True)


def start_read(path: str | Path, lim: Any = None) -> "PendingRead":
    """Begin reading ``path`` and return once python-calamine is parsing it in a background
    thread; :meth:`PendingRead.result` gives what :func:`read_workbook` would (the same workbook,
    the same :class:`InputError`).

    The checks and the limits pre-scan (zip directory, rows, cells, used range, parts) run first,
    in the caller's thread, before python-calamine opens the file; ``lim`` (default: the limits in
    force now) is what they check. Then python-calamine, which releases the GIL while it parses a
    sheet, runs in a daemon thread while the caller imports pandas, reads the unit list and so on.
    (The pre-scan stays in the caller's thread, which has nothing else to do until it ends: it
    releases the GIL at every numpy and zlib call and would wait for it again each time behind a
    busy caller; its own helper thread inflates a large sheet ahead of it.) A problem found by the checks is
    kept and raised by ``result``, so the caller decides which problem is reported first. A caller
    that raises the limits later (a unit list read meanwhile) passes the limits then in force to
    ``result``, which checks the scan against them.

    A CSV file or folder is read when ``result`` is called (the csv module holds the GIL: nothing
    to gain), with the limits in force then, exactly as :func:`read_workbook`."""
    from scorecard import limits

    return PendingRead(path, lim if lim is not None else limits.current())


class PendingRead:
    """A workbook read whose python-calamine part runs in a daemon thread (see :func:`start_read`)."""

    def __init__(self, path: str | Path, lim: Any) -> None:
        import threading

        self.path, self.limits = path, lim
        self.cancelled = threading.Event()
        self._outcome: tuple[RawWorkbook | None, BaseException | None] = (None, None)
        self._thread: Any = None
        self._deferred = True  # a CSV file or folder: read by result()
        p = Path(path)
        if p.suffix.lower() not in _BACKGROUND or p.is_dir():
            return
        self._deferred = False
        try:
            checked = _check(path, lim)
        except Exception as exc:  # raised by result(), after the caller's own checks
            self._outcome = (None, exc)
            return
        if isinstance(checked, RawWorkbook):
            self._outcome = (checked, None)
            return
        self._thread = threading.Thread(target=self._run, args=(checked,), name="scorecard-read", daemon=True)
        self._thread.start()

    def _run(self, checked: "_Checked") -> None:
        try:
            self._outcome = (_parse(checked, self.cancelled), None)
        except BaseException as exc:  # handed to the caller's thread by result(), raised there
            self._outcome = (None, exc)

    def running(self) -> bool:
        """Whether python-calamine is still parsing in its thread (the caller has time to spare)."""
        return self._thread is not None and self._thread.is_alive()

    def cancel(self) -> None:
        """The caller gave up (an error elsewhere, Ctrl-C): stop after the sheet being parsed."""
        self.cancelled.set()

    def result(self, lim: Any = None) -> RawWorkbook:
        """Wait for the read; raise what :func:`read_workbook` would raise with the limits ``lim``
        (default: the limits the read started with)."""
        from scorecard import limits

        if self._deferred:  # CSV: read now, with the limits now in force
            return _read(self.path, lim if lim is not None else limits.current())
        if self._thread is not None:
            self._thread.join()
        raw, exc = self._outcome
        if lim is not None and lim != self.limits and _rescan(raw, exc, lim):
            # the limits in force differ from the ones scanned with: the pre-scan again with them,
            # for the refusal in exactly the words read_workbook would have used; if they admit
            # what the other limits refused, the read as read_workbook would make it
            limits.check_workbook(Path(self.path), str(self.path), lim)
            if exc is not None and getattr(exc, "scan_refused", False):
                return _read(self.path, lim)
        if exc is not None:
            raise exc
        assert raw is not None
        return raw


_BACKGROUND = {".xlsx", ".xlsm", ".xls", ".ods"}


def _rescan(raw: RawWorkbook | None, exc: BaseException | None, lim: Any) -> bool:
    """Whether a pre-scan made with higher limits might have ended otherwise with ``lim``: it
    refused (maybe for another limit first), it did not run to its end (corrupt content), or its
    peak counts pass one of ``lim``'s limits. An error before the pre-scan (no such file, not a
    workbook) does not depend on the limits."""
    if exc is not None and getattr(exc, "scan_refused", False):
        return True
    scan = raw.scan if raw is not None else getattr(exc, "scan", None)
    if scan is None:
        return False
    return not scan.admitted_by(lim)


@dataclass(frozen=True)
class _Checked:
    """A workbook that passed the checks and the limits pre-scan: what python-calamine may parse."""

    path: Path
    name: str
    suffix: str
    scan: Any


def _read(path: str | Path, lim: Any, cancelled: Any = None, parallel: bool = False) -> RawWorkbook:
    checked = _check(path, lim)
    return checked if isinstance(checked, RawWorkbook) else _parse(checked, cancelled, parallel)


def _check(path: str | Path, lim: Any) -> "_Checked | RawWorkbook":
    """The checks before a workbook is parsed, the limits pre-scan last; a CSV file or folder is
    read whole here."""
    p = Path(path)
    name = str(path)
    if p.is_dir():
        return _read_csv_folder(p, lim)
    if not p.exists():
        raise InputError(Issue("file-not-found", file=name, params={"known": "-"}))
    from scorecard import limits

    limits.require_regular(p, name)  # /dev/zero, a FIFO, a terminal: refused, never read
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(Issue("workbook-format", file=name,
                               params={"suffix": suffix or Phrase("workbook-reason.no-suffix")}))
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise file_unreadable(exc, name) from None
    if not head:
        raise InputError(Issue("workbook-empty-file", file=name))
    if suffix == ".csv":
        return RawWorkbook(name, [_read_csv(p, name, "wilayah", lim)])
    if suffix in (".xlsx", ".xlsm") and head.startswith(_OLE_MAGIC):
        raise InputError(Issue("workbook-encrypted", file=name))
    if suffix in (".xlsx", ".xlsm", ".ods") and not zipfile.is_zipfile(p):
        raise InputError(Issue("workbook-unreadable", file=name, params={"reason": Phrase("workbook-reason.not-zip")}))
    try:
        scan = limits.check_workbook(p, name, lim)  # size, rows and cells, before anything is read whole
    except InputError as exc:
        exc.scan_refused = True  # type: ignore[attr-defined]
        raise
    return _Checked(p, name, suffix, scan)


def _parse(checked: _Checked, cancelled: Any = None, parallel: bool = False) -> RawWorkbook:
    """python-calamine's part of the read (it releases the GIL while it parses a sheet). With
    ``parallel`` (a caller with nothing else to do: :func:`read_workbook`) and several sheets, a
    second thread with its own python-calamine workbook parses sheets too, the largest first; the
    problem of the first sheet (in the workbook's order) that has one is raised, as reading them
    in order would."""
    from python_calamine import CalamineWorkbook

    from scorecard import limits

    p, name, suffix, scan = checked.path, checked.name, checked.suffix, checked.scan

    def one(book: Any, meta: Any) -> RawSheet:
        if cancelled is not None and cancelled.is_set():
            raise _Cancelled()
        try:
            sheet = book.get_sheet_by_name(meta.name)
            with _collector_paused():
                rows = sheet.to_python(skip_empty_area=True)
        except Exception as exc:  # this sheet's XML is damaged: say which sheet
            raise unreadable(exc, name, meta.name) from None
        start = sheet.start or (0, 0)
        _fill_vertical_merges(rows, start, sheet)
        rows = limits.with_error_cells(rows, start[0] + 1, start[1], scan.errors.get(meta.name))  # #DIV/0!
        # str(meta.visible) is "SheetVisibleEnum.Hidden": compare the last part, not a substring
        hidden = str(meta.visible).rsplit(".", 1)[-1].lower() != "visible"
        return RawSheet(meta.name, rows, start[0] + 1, start[1], hidden, percent.get(meta.name, frozenset()))

    try:
        wb = CalamineWorkbook.from_path(str(p))
        percent = _percent_cells(p) if suffix in (".xlsx", ".xlsm") else _ods_percent_cells(p) if suffix == ".ods" \
            else {}
        metas = list(wb.sheets_metadata)
        if parallel and len(metas) > 1 and scan is not None and len(scan.sizes) > 1:
            sheets = _parse_in_two(p, wb, metas, one, scan.sizes)
        else:
            sheets = [one(wb, meta) for meta in metas]
    except (InputError, _Cancelled) as exc:
        exc.scan = scan  # type: ignore[union-attr]
        raise
    except Exception as exc:  # calamine raises its own error types for corrupt content
        err = unreadable(exc, name)
        err.scan = scan  # type: ignore[attr-defined]
        raise err from None
    return RawWorkbook(name, sheets, scan)


@contextlib.contextmanager
def _collector_paused() -> Any:
    """The cyclic garbage collector paused while python-calamine turns a sheet into Python cells:
    one list per row, none of them in a cycle, and at village scale (84,000 rows) their creation
    set off ~120 young, 10 middle and one full collection (~0.14 s on the critical path, the full
    one walking everything the process holds). In scorecard's own process the new rows are then
    frozen (:func:`gc.freeze`, as ``scorecard.startup`` does after pandas' import: no collection
    walks them again; they are freed as usual when the workbook is dropped), else the collector
    would walk all of them at once when it resumes. Re-enabled only if it was on: another thread
    pausing it meanwhile (``scorecard.startup`` around pandas' import) resumes it itself."""
    import gc

    from scorecard import startup

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if startup.is_own_process():
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


_PART_MISSING = re.compile(r"File not found '([^']{1,200})'")


def unreadable(exc: BaseException, name: str, sheet: str | None = None) -> InputError:
    """The workbook ``name`` could not be read (python-calamine, the zip or the XML reader raised
    ``exc``): ``workbook-unreadable`` with the reason as a catalogue phrase, in the reader's
    language, by the kind of failure (a part missing from the archive, damaged XML, a damaged zip,
    else damaged content), located at ``sheet`` when it was a sheet's part. The library's own
    words (English) are kept on the error as ``detail``, shown only with ``--debug``."""
    import xml.etree.ElementTree as ET
    import zlib

    kind = type(exc).__name__
    text = str(exc)
    if kind == "PasswordError":
        err = InputError(Issue("workbook-encrypted", file=name))
    else:
        missing = _PART_MISSING.search(text)
        if missing:
            reason = Phrase("workbook-reason.part-missing", part=missing.group(1))
        elif kind == "XmlError" or isinstance(exc, ET.ParseError):
            reason = Phrase("workbook-reason.xml")
        elif kind == "ZipError" or isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
            reason = Phrase("workbook-reason.zip")
        else:
            reason = Phrase("workbook-reason.damaged")
        err = InputError(Issue("workbook-unreadable", file=name, sheet=sheet, params={"reason": reason}))
    err.detail = f"{kind}: {text.splitlines()[0][:300] if text else ''}"
    return err


def csv_unreadable(exc: Exception, name: str, sheet: str | None = None, row: int | None = None) -> InputError:
    """A CSV file the csv module could not split into rows: ``csv-unreadable`` with the reason
    as a catalogue phrase (a line with more cells than the header, a quote never closed, no columns,
    a cell longer than the limit, a NUL byte, else a broken line), located at the row when known;
    the parser's own words only with ``--debug``."""
    text = str(exc)
    limit = re.search(r"field larger than field limit \((\d+)\)", text)
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)  # pandas' C parser
    if fields:
        row = row or int(fields.group(2))
        reason = Phrase("workbook-reason.csv-fields", expected=int(fields.group(1)), saw=int(fields.group(3)))
    else:
        reason = (Phrase("workbook-reason.csv-field", limit=int(limit.group(1))) if limit
                  else Phrase("workbook-reason.csv-nul") if "NUL" in text
                  else Phrase("workbook-reason.csv-quote") if "EOF inside string" in text
                  else Phrase("workbook-reason.csv-empty") if "No columns to parse" in text
                  else Phrase("workbook-reason.csv"))
    err = InputError(Issue("csv-unreadable", file=name, sheet=sheet, row=row, params={"reason": reason}))
    err.detail = f"{type(exc).__name__}: {text[:300]}"
    return err


def _parse_in_two(p: Path, wb: Any, metas: list[Any], one: Callable[[Any, Any], RawSheet],
                  sizes: dict[str, int]) -> list[RawSheet]:
    """The sheets parsed by this thread and a helper, each with its own python-calamine workbook,
    taking the largest sheet not yet taken; the first sheet's problem (in ``metas``' order) raised."""
    import threading

    from python_calamine import CalamineWorkbook

    todo = sorted(range(len(metas)), key=lambda i: -sizes.get(metas[i].name, 0))
    lock = threading.Lock()
    done: list[Any] = [None] * len(metas)
    failed: list[BaseException | None] = [None] * len(metas)

    def work(book: Any) -> None:
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop(0)
            try:
                done[i] = one(book, metas[i])
            except Exception as exc:  # raised below in the workbook's order
                failed[i] = exc

    def helper() -> None:
        try:
            book = CalamineWorkbook.from_path(str(p))
        except Exception:  # this thread opened it: it parses what is left
            return
        work(book)

    thread = threading.Thread(target=helper, name="scorecard-read-2", daemon=True)
    thread.start()
    work(wb)
    thread.join()
    for i, exc in enumerate(failed):
        if exc is not None:
            raise exc
        if done[i] is None:  # the helper stopped early: parse it here
            done[i] = one(wb, metas[i])
    return list(done)


class _Cancelled(Exception):
    """The caller of :func:`start_read` gave up; nothing is reported."""


def _read_csv(p: Path, name: str, sheet: str, lim: Any = None) -> RawSheet:
    from scorecard import limits

    lim = lim if lim is not None else limits.current()
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
        raise csv_unreadable(exc, name, sheet, len(rows) + 1) from None
    return RawSheet(sheet, rows, 1, 0, False)


def _read_csv_folder(p: Path, lim: Any = None) -> RawWorkbook:
    files = sorted(f for f in p.iterdir() if f.suffix.lower() == ".csv")
    if not files:
        raise InputError(Issue("workbook-folder-without-csv", file=str(p)))
    return RawWorkbook(str(p), [_read_csv(f, str(f), f.stem, lim) for f in files])


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")


def _is_percent_format(code: str) -> bool:
    """A number format that shows a percentage: a '%' outside quoted text, escapes and [..] parts."""
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return "%" in code


def _percent_cells(path: Path) -> dict[str, frozenset[tuple[int, int]]]:
    """Per sheet name, the numeric cells formatted as percentages (.xlsx/.xlsm). calamine gives the
    stored value (0.456) but the planner typed and sees 45,6%; validate needs to know. Returns {}
    quickly when no cell style is a percentage. The styles part is parsed streaming (it may hold up
    to the part limit, scorecard.limits) and the sheets are searched as bytes for cells of those
    styles, not parsed element by element."""
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/styles.xml" not in names or "xl/workbook.xml" not in names:
                return {}
            with z.open("xl/styles.xml") as fh:
                percent_xf = _percent_styles(fh)
            if not percent_xf:
                return {}
            book = ET.fromstring(z.read("xl/workbook.xml"))
            rels_name = "xl/_rels/workbook.xml.rels"
            rels = ET.fromstring(z.read(rels_name)) if rels_name in names else None
            targets = {r.get("Id"): r.get("Target", "") for r in (rels if rels is not None else [])}
            out: dict[str, frozenset[tuple[int, int]]] = {}
            for sh in book.iter(f"{_MAIN_NS}sheet"):
                target = targets.get(sh.get(f"{_REL_NS}id"), "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                if part not in names:
                    continue
                with z.open(part) as fh:
                    head = fh.read(65536)
                with z.open(part) as fh:
                    cells = _percent_cells_of(fh, percent_xf) if not _PREFIXED_SHEET.search(head) \
                        else _percent_cells_parsed(fh, percent_xf)
                if cells:
                    out[sh.get("name", "")] = frozenset(cells)
            return out
    except (zipfile.BadZipFile, ET.ParseError, KeyError, OSError):
        return {}  # calamine reports an unreadable file on its own


def _percent_styles(fh: Any) -> set[str]:
    """The cell styles (indexes into cellXfs, as text) whose number format shows a percentage.
    Streaming: every element is dropped once read (a bloated styles part holds millions)."""
    import xml.etree.ElementTree as ET

    custom: dict[str | None, str] = {}
    formats: list[str] = []
    stack: list[Any] = []
    in_cell_xfs = 0
    for event, el in ET.iterparse(fh, events=("start", "end")):
        if event == "start":
            if el.tag == f"{_MAIN_NS}cellXfs":
                in_cell_xfs += 1
            stack.append(el)
            continue
        stack.pop()
        tag = el.tag
        if tag == f"{_MAIN_NS}numFmt":
            custom[el.get("numFmtId")] = el.get("formatCode", "")
        elif tag == f"{_MAIN_NS}xf" and in_cell_xfs == 1 and stack and stack[-1].tag == f"{_MAIN_NS}cellXfs":
            formats.append(el.get("numFmtId", "0"))
        elif tag == f"{_MAIN_NS}cellXfs":
            in_cell_xfs += 1  # only the first cellXfs counts (as ElementTree.find would take it)
        if stack:
            stack[-1].remove(el)
    percent_ids = {"9", "10"} | {i for i, code in custom.items() if i is not None and _is_percent_format(code)}
    return {str(i) for i, fmt in enumerate(formats) if fmt in percent_ids}


_PREFIXED_SHEET = re.compile(rb"<[A-Za-z_][\w.-]*:worksheet[\s>]")
_CELL_ATTR_R = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_CELL_ATTR_T = re.compile(rb'\bt="([^"]*)"')


def _percent_cells_of(fh: Any, percent_xf: set[str]) -> set[tuple[int, int]]:
    """The numeric cells (no ``t`` or ``t="n"``) of a sheet's XML whose style ``s`` is one of
    ``percent_xf``: one regex over the bytes, chunk by chunk."""
    styles = b"|".join(re.escape(x.encode()) for x in sorted(percent_xf))
    cell = re.compile(rb'<c\s(?=[^>]*\bs="(?:' + styles + rb')")([^>]*)>')
    cells: set[tuple[int, int]] = set()
    tail = b""
    while True:
        chunk = fh.read(1 << 20)
        data = tail + chunk
        cut = data.rfind(b"<") if chunk else len(data)  # a tag cut by the chunk's end waits for the next
        cut = len(data) if cut < 0 else cut
        for m in cell.finditer(data, 0, cut):
            attrs = m.group(1)
            t = _CELL_ATTR_T.search(attrs)
            if t is not None and t.group(1) != b"n":
                continue
            r = _CELL_ATTR_R.search(attrs)
            if r:
                cells.add((int(r.group(2)), _col_index(r.group(1).decode())))
        tail = data[cut:]
        if not chunk:
            return cells


def _percent_cells_parsed(fh: Any, percent_xf: set[str]) -> set[tuple[int, int]]:
    """:func:`_percent_cells_of` for sheets written with a namespace prefix (``<x:c>``)."""
    import xml.etree.ElementTree as ET

    cells: set[tuple[int, int]] = set()
    for _event, el in ET.iterparse(fh):
        if el.tag == f"{_MAIN_NS}c":
            if el.get("s") in percent_xf and el.get("t", "n") == "n":
                m = _CELL_REF.fullmatch(el.get("r", ""))
                if m:
                    cells.add((int(m.group(2)), _col_index(m.group(1))))
            el.clear()
        elif el.tag == f"{_MAIN_NS}row":
            el.clear()
    return cells


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_REPEAT_CAP = 10_000  # a styled percentage cell repeated over a whole column is not data


def _ods_percent_cells(path: Path) -> dict[str, frozenset[tuple[int, int]]]:
    """Per sheet, the cells of office:value-type "percentage" in an .ods file (calamine returns
    their stored fraction, 0.456 for 45,6%)."""
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(path) as z:
            if "content.xml" not in z.namelist():
                return {}
            with z.open("content.xml") as fh:
                head = fh.read(1 << 20)
            if b'value-type="percentage"' not in head and len(head) < (1 << 20):
                return {}
            out: dict[str, frozenset[tuple[int, int]]] = {}
            name, row, col, row_rep = "", 0, 0, 1
            cells: set[tuple[int, int]] = set()
            with z.open("content.xml") as fh:
                for event, el in ET.iterparse(fh, events=("start", "end")):
                    tag = el.tag
                    if event == "start":
                        if tag == f"{_TABLE_NS}table":
                            name, row, cells = el.get(f"{_TABLE_NS}name", ""), 0, set()
                        elif tag == f"{_TABLE_NS}table-row":
                            col, row_rep = 0, int(el.get(f"{_TABLE_NS}number-rows-repeated", "1"))
                        elif tag in (f"{_TABLE_NS}table-cell", f"{_TABLE_NS}covered-table-cell"):
                            rep = int(el.get(f"{_TABLE_NS}number-columns-repeated", "1"))
                            if el.get(f"{_OFFICE_NS}value-type") == "percentage" and rep * row_rep <= _REPEAT_CAP:
                                cells.update((row + 1 + r, col + k) for r in range(row_rep) for k in range(rep))
                            col += rep
                        continue
                    if tag == f"{_TABLE_NS}table-row":
                        row += row_rep
                        el.clear()
                    elif tag == f"{_TABLE_NS}table":
                        if cells:
                            out[name] = frozenset(cells)
                        el.clear()
            return out
    except (zipfile.BadZipFile, ET.ParseError, KeyError, OSError, ValueError):
        return {}


def _fill_vertical_merges(rows: list[list[Any]], start: tuple[int, int], sheet: Any) -> None:
    """A cell merged down over several rows (a region name spanning its 2023 and 2024 rows, one
    source for a block of rows) is shown on each of those rows: give each row the value. Merges
    across columns only (titles, group headers) are left as they are: the value stays in the first
    cell, so a header merged over two columns is not read twice."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # not available for this format
        return
    r0_, c0_ = start
    for (r0, c0), (r1, c1) in ranges:
        if r1 <= r0:
            continue
        i0, j0 = r0 - r0_, c0 - c0_
        if not (0 <= i0 < len(rows)) or not (0 <= j0 < len(rows[i0])):
            continue
        value = rows[i0][j0]
        if value is None or value == "":
            continue
        for i in range(i0 + 1, min(r1 - r0_ + 1, len(rows))):
            for j in range(j0, min(c1 - c0_ + 1, len(rows[i]))):
                if rows[i][j] is None or rows[i][j] == "":
                    rows[i][j] = value
