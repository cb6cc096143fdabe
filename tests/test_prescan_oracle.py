"""The limits pre-scan (``scorecard.limits.check_workbook``), made cheaper for issue 17, scans exactly
as it did before: ``tests/limits_oracle.py`` is the module as it was (commit 969d556), and each test
here runs both on the same file with the same limits and asserts the same outcome — the same
:class:`Scan` (error cells and formulas without a value per sheet, in order; the peak of every
limited quantity: rows, cells, used range, parts, uncompressed bytes; complete or stopped on corrupt
content; the sheets' sizes) or the same refusal (code, file, sheet and parameters of the message).

The files: every workbook of the bad-input corpus (with the environment of its case), and a seeded
hostile set written here: random cell references up to three-letter columns and seven-digit rows,
prefixed tags (``<x:row>``) in some sheets or some rows only, ``t="e"`` cells, formulas with and
without a cached value, inline strings holding ``t="e"``, ``:`` and ``sheetData>``, empty and
self-closing rows and cells, ``<row`` without ``r=``, odd whitespace inside tags, a declared used
range, bytes after ``</sheetData>``, cells larger than the cell-size limit, corrupt deflate data, a
wrong CRC, zip directories that lie about a sheet's size. The chunk size is made small (1,000 and
4,096 bytes) so that chunk boundaries fall inside tags, values and rows everywhere, and the helper
thread reads ahead on every sheet; a few large sheets are read with the real 1 MB chunks.
"""

from __future__ import annotations

import os
import random
import struct
import threading
import zipfile
from pathlib import Path

import limits_oracle as old
import pytest

from scorecard import limits as new
from scorecard.issues import InputError, column_letter

GENEROUS = {"file_mb": 100, "uncompressed_mb": 300, "rows": 10**7, "cells": 10**8, "part_mb": 50}


def _outcome(mod, path: Path, lim: dict | None) -> tuple:
    try:
        scan = mod.check_workbook(path, "buku.xlsx", None if lim is None else mod.Limits(**lim))
    except InputError as exc:
        return ("refused", exc.report.errors)
    return ("scanned", scan.errors, scan.need, scan.complete, scan.sizes)


def assert_same_scan(path: Path, lim: dict | None) -> tuple:
    want = _outcome(old, path, lim)
    got = _outcome(new, path, lim)
    assert got == want, f"{path.name} with {lim}"
    assert not [t for t in threading.enumerate() if t.name == "scorecard-prescan-read"]  # the helper is done
    return got


@pytest.fixture
def chunk(request, monkeypatch):
    """Both modules read ``size``-byte chunks (and the cell-size limit is three chunks); the helper
    thread reads ahead on any sheet of more than two chunks, as on more than 2 MB with 1 MB chunks."""
    size = request.param
    for mod in (old, new):
        monkeypatch.setattr(mod, "_CHUNK", size)
        monkeypatch.setattr(mod, "MAX_CELL_BYTES", 3 * size if size < (1 << 20) else mod.MAX_CELL_BYTES)
    monkeypatch.setattr(new, "_READ_AHEAD_FROM", 2 * size)
    return size


# ---------------------------------------------------------------------------------------------------
# the hostile set

def _text(rnd: random.Random) -> str:
    return rnd.choice(["Desa Tegalrejo", 't="e"', "a:b", "x:row", "sheetData>", "&lt;/sheetData&gt;", "<", "'e'",
                       "v", "is", " r=\"ZZZ9\"", "#DIV/0!", "<c r=\"XFD1\">"]).replace("<", "&lt;")


def _cell(rnd: random.Random, row: int, col: int, p: str) -> str:
    ref = f"{column_letter(col)}{row}"
    attr = rnd.choice([f' r="{ref}"'] * 10 + ["", f'  r="{ref}"', f'\n r="{ref}"', f' s="3" r="{ref}"',
                                               f' r="{ref}" s="1"', f' r="{ref.lower()}"'])
    kind = rnd.randrange(14)
    if kind < 5:
        return f"<{p}c{attr}><{p}v>{rnd.choice(['1', '56.28', '-3E-2', '0'])}</{p}v></{p}c>"
    if kind == 5:
        empty = rnd.choice([f"<{p}v/>", f"<{p}v></{p}v>", f"<{p}v >1</{p}v>"])
        return f"<{p}c{attr}>{empty}</{p}c>"
    if kind == 6:
        return f'<{p}c{attr} t="inlineStr"><{p}is><{p}t>{_text(rnd)}</{p}t></{p}is></{p}c>'
    if kind == 7:
        err = rnd.choice(["#DIV/0!", "#N/A", "#REF!", ""])
        return f'<{p}c{attr} t="e"><{p}v>{err}</{p}v></{p}c>' if err else f'<{p}c{attr} t="e"></{p}c>'
    if kind == 8:
        return f"<{p}c{attr}><{p}f>A1+{row}</{p}f></{p}c>"  # a formula without a cached value
    if kind == 9:
        return f'<{p}c{attr}><{p}f t="shared" si="0"/>{rnd.choice(["", "<" + p + "v/>", " "])}</{p}c>'
    if kind == 10:
        return f"<{p}c{attr}><{p}f>SUM(A1:B2)</{p}f><{p}v>3</{p}v></{p}c>"
    if kind == 11:
        return f'<{p}c{attr} s="2"/>'
    if kind == 12:
        return f"<{p}c{attr}>\n  <{p}v>{row}</{p}v>\n</{p}c>"
    return f'<{p}c{attr} t="s"><{p}v>{col}</{p}v></{p}c>'


def _sheet_xml(rnd: random.Random, big: bool = False, repeat: int = 1) -> bytes:
    prefixed = rnd.random()
    p_sheet = "x:" if prefixed < 0.2 else ""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    ns = f'xmlns="{main}" xmlns:x="{main}"'
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p_sheet}worksheet {ns}>']
    if rnd.random() < 0.5:
        ref = rnd.choice(["A1", "A1:C3", "A1:AQ84001", "A1:C3", "B2:XFD1048576", "A1:ALL99999"])
        parts.append(f'<{p_sheet}dimension ref="{ref}"/>')
    parts.append(f"<{p_sheet}sheetData>")
    first = len(parts)
    widest = rnd.choice([3, 26, 26, 60, 60, 800, 16383])
    last = rnd.choice([50, 300, 5000, 5000, 1048576])
    nrows = rnd.randint(2000, 4000) if big else rnd.randint(0, 300)
    rows = sorted(rnd.sample(range(1, last + 1), min(nrows, last)))
    for i, r in enumerate(rows):
        p = p_sheet or ("x:" if prefixed < 0.3 and rnd.random() < 0.1 else "")
        tag = rnd.choice([f'<{p}row r="{r}">'] * 8 + [f"<{p}row>", f'<{p}row\n r="{r}" spans="1:3">',
                                                      f'<{p}row\tr="{r}" ht="15">',
                                                      f'<{p}row r="{r}" x14ac:dyDescent="0.25">'])
        if rnd.random() < 0.05:
            parts.append(tag[:-1] + "/>" if tag.endswith('">') else f"<{p}row/>")
            continue
        cols = sorted(rnd.sample(range(0, widest + 1), min(widest + 1, rnd.randint(0, 8 if not big else 45))))
        cells = [_cell(rnd, r, c, p) for c in cols]
        if rnd.random() < 0.01:  # a cell far larger than any other
            text = "x" * rnd.randint(1000, 20000)
            cells.append(f'<{p}c r="B{r}" t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>')
        parts.append(tag + "".join(cells) + f"</{p}row>")
        if i % 7 == 3 and rnd.random() < 0.2:
            parts.append(rnd.choice([" ", "\n", "\r\n  "]))
    parts[first:] = ["".join(parts[first:]) * repeat]  # the rows again (the counts do not mind)
    parts.append(f"</{p_sheet}sheetData>")
    if rnd.random() < 0.4:  # what follows the cells: merges, and sometimes bulky bytes without a cell tag
        parts.append(f'<{p_sheet}mergeCells count="1"><{p_sheet}mergeCell ref="A1:B2"/></{p_sheet}mergeCells>')
        if rnd.random() < 0.5:
            parts.append("<extLst>" + "y" * rnd.randint(100, 30000) + "</extLst>")
    parts.append(f"</{p_sheet}worksheet>")
    return "".join(parts).encode()


_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                  b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def _write_book(path: Path, sheets: list[bytes]) -> None:
    names = "".join(f'<sheet name="Lembar {i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(len(sheets)))
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("xl/workbook.xml", '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships"><sheets>{names}</sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels", f"<Relationships>{rels}</Relationships>")
        for i, xml in enumerate(sheets):
            zf.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)


def _central_entry(data: bytes | bytearray, filename: str) -> int:
    """Where the zip directory's entry for ``filename`` begins."""
    at = data.find(b"PK\x01\x02")
    while data[at + 46:at + 46 + len(filename)] != filename.encode():
        at = data.find(b"PK\x01\x02", at + 4)
    return at


def _damage(path: Path, rnd: random.Random) -> str:
    """Corrupt a sheet's deflate data, its CRC, or the size the zip directory declares for it."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = rnd.choice([i for i in zf.infolist() if i.filename.startswith("xl/worksheets/")])
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    central = _central_entry(data, info.filename)
    how = rnd.choice(["deflate", "crc", "smaller", "larger"])
    if how == "deflate" and info.compress_size > 8:
        at = start + rnd.randrange(info.compress_size)
        data[at] ^= 0x5A
    elif how == "crc":
        data[central + 16] ^= 0x01
    elif how == "smaller":
        data[central + 24:central + 28] = struct.pack("<I", max(0, info.file_size // rnd.choice([2, 10, 1000])))
    else:
        data[central + 24:central + 28] = struct.pack("<I", info.file_size * 3 + 17)
    path.write_bytes(bytes(data))
    return how


def _limits_for(rnd: random.Random) -> list[dict | None]:
    """Generous limits, the defaults, and one limit made tight (rows, cells or uncompressed bytes)."""
    tight = rnd.choice([{"rows": rnd.randint(1, 300)}, {"cells": rnd.randint(100, 3000)},
                        {"uncompressed_mb": rnd.choice([0.005, 0.02, 0.1])}])
    return [GENEROUS, None, dict(GENEROUS, **tight)]


@pytest.mark.parametrize("chunk", [1000, 4096], indirect=True)
@pytest.mark.parametrize("seed", range(60))
def test_hostile_workbooks_scan_as_before(seed, chunk, tmp_path):
    rnd = random.Random(seed * 7919 + chunk)
    book = tmp_path / "buku.xlsx"
    _write_book(book, [_sheet_xml(rnd) for _ in range(rnd.randint(1, 3))])
    outcomes = [assert_same_scan(book, lim) for lim in _limits_for(rnd)]
    if seed % 4 == 3:
        _damage(book, rnd)
        outcomes += [assert_same_scan(book, lim) for lim in _limits_for(rnd)]
    assert outcomes


@pytest.mark.parametrize("chunk", [1000], indirect=True)
@pytest.mark.parametrize("helper_finds_tags", [True, False])
@pytest.mark.parametrize("seed", range(12))
def test_the_tags_found_by_either_thread_count_alike(seed, helper_finds_tags, chunk, tmp_path, monkeypatch):
    """The read-ahead thread finds a chunk's tag positions while the scan is behind, else the scan
    does: forced either way, the scans are the same."""
    monkeypatch.setattr(new._ReadAhead, "_behind", lambda self: helper_finds_tags)
    rnd = random.Random(seed * 31 + 5)
    book = tmp_path / "buku.xlsx"
    _write_book(book, [_sheet_xml(rnd) for _ in range(rnd.randint(1, 3))])
    for lim in _limits_for(rnd):
        assert_same_scan(book, lim)


@pytest.mark.parametrize("chunk", [1 << 20], indirect=True)
@pytest.mark.parametrize("seed", range(3))
def test_large_sheets_scan_as_before_with_real_chunks(seed, chunk, tmp_path):
    """Sheets of several MB: the real chunk size, the helper thread reading ahead."""
    once = len(_sheet_xml(random.Random(1000 + seed), big=True))
    rnd = random.Random(1000 + seed)
    xml = _sheet_xml(rnd, big=True, repeat=4 * chunk // once + 2)
    assert len(xml) > 2 * chunk == new._READ_AHEAD_FROM
    book = tmp_path / "gross.xlsx"
    _write_book(book, [xml, _sheet_xml(rnd)])
    for lim in _limits_for(rnd):
        assert_same_scan(book, lim)
    if seed == 2:
        _damage(book, rnd)
        for lim in _limits_for(rnd):
            assert_same_scan(book, lim)


@pytest.mark.parametrize("chunk", [4096], indirect=True)
def test_a_sheet_declared_smaller_than_it_is_stops_the_scan_as_before(chunk, tmp_path):
    """A sheet the zip directory declares at 100 bytes (so no helper thread) that inflates to ~0.7 MB:
    the read stops at the declared size and its CRC fails; the scan ends incomplete, as before (the
    reader then says the workbook is damaged), or is refused when even the declared sizes pass a limit."""
    book = tmp_path / "bom.xlsx"
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 20000))
    _write_book(book, [f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode()])
    data = bytearray(book.read_bytes())
    central = _central_entry(data, "xl/worksheets/sheet1.xml")
    data[central + 24:central + 28] = struct.pack("<I", 100)
    book.write_bytes(bytes(data))
    got = assert_same_scan(book, dict(GENEROUS, uncompressed_mb=0.01))
    assert got[0] == "scanned" and not got[3]
    got = assert_same_scan(book, dict(GENEROUS, uncompressed_mb=0.0001))
    assert got[0] == "refused" and got[1][0].code == "limit-uncompressed"


@pytest.mark.parametrize("chunk", [1000], indirect=True)
@pytest.mark.parametrize("limit", [1500, 3000])
@pytest.mark.parametrize("after", ["</row></sheetData>", '</row><row r="3"><c r="A3"><v>1</v></c></row></sheetData>',
                                   "</row>", "</row></sheetData><extLst>" + "y" * 9000 + "</extLst>"])
def test_a_cell_near_the_cell_size_limit_is_judged_as_before(chunk, limit, after, tmp_path, monkeypatch):
    """The cell-size limit (1.5 and 3 chunks here) for a big last cell: refused while it grows past
    the limit, unless the end of the cells (</sheetData>) comes in the chunk that passes it; bytes
    after the cells are never a cell. Sizes around the limit, so that every chunk boundary meets
    the cell's end and the end of the cells somewhere."""
    for mod in (old, new):
        monkeypatch.setattr(mod, "MAX_CELL_BYTES", limit)
    outcomes = set()
    for size in range(chunk, 5 * chunk, 97):
        book = tmp_path / f"sel{size}.xlsx"
        _write_book(book, [(f'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2">'
                            f'<c r="B2" t="inlineStr"><is><t>{"x" * size}</t></is></c>{after}</worksheet>').encode()])
        got = assert_same_scan(book, None)
        outcomes.add(got[0] if got[0] == "scanned" else got[1][0].code)
    assert "limit-cell-size" in outcomes and (after == "</row>" or "scanned" in outcomes)


def _chunks(book: Path, faster: bool) -> list:
    """The chunks zipfile hands over for the first sheet (4 KB reads), then the error's type or "end"."""
    out: list = []
    with zipfile.ZipFile(book) as zf, zf.open("xl/worksheets/sheet1.xml") as fh:
        if faster:
            new._faster_inflate(fh)
        try:
            while chunk := fh.read(4096):
                out.append(chunk)
        except Exception as exc:  # noqa: BLE001 - the kind of error is what is compared
            return out + [type(exc).__name__]
    return out + ["end"]


@pytest.mark.parametrize("chunk", [4096], indirect=True)
def test_zlib_ng_inflates_damaged_sheets_like_zlib(chunk, tmp_path):
    """zlib-ng's decompressor (limits._faster_inflate) gives zipfile the same chunks as zlib's and
    fails at the same chunk with the same error, on 150 damaged copies of a sheet (a byte flipped,
    a run of bytes overwritten or zeroed, anywhere in the deflate data); the scans agree too."""
    rnd = random.Random(17)
    book = tmp_path / "utuh.xlsx"
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Desa {r}</t></is></c><c r="B{r}">'
                   f'<v>{r * 7 % 1000 / 8}</v></c><c r="C{r}" t="e"><v>#N/A</v></c><c r="D{r}"><f>B{r}*2</f></c>'
                   "</row>" for r in range(1, 1200))
    _write_book(book, [f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode()])
    good = book.read_bytes()
    with zipfile.ZipFile(book) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    assert info.file_size > 2 * chunk and _chunks(book, True)[-1] == "end"
    errors = set()
    for k in range(150):
        data = bytearray(good)
        at = start + rnd.randrange(info.compress_size - 64)  # inside the deflate data
        if k % 3 == 0:
            data[at] ^= 1 << rnd.randrange(8)
        elif k % 3 == 1:
            data[at:at + 8] = bytes(rnd.randrange(256) for _ in range(8))
        else:
            data[at:at + 64] = bytes(64)
        damaged = tmp_path / f"rusak{k}.xlsx"
        damaged.write_bytes(bytes(data))
        plain = _chunks(damaged, False)
        assert _chunks(damaged, True) == plain
        errors.add(plain[-1])
        assert_same_scan(damaged, GENEROUS)
    assert {"error", "BadZipFile"} <= errors  # zlib.error and a bad CRC both met


def test_a_tiny_file_with_cells_at_a1_and_xfd1048576_is_refused_before_any_read(tmp_path):
    book = tmp_path / "bom.xlsx"
    _write_book(book, [b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">'
                       b'<c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'])
    got = assert_same_scan(book, None)
    assert got[0] == "refused" and got[1][0].code == "limit-area"
    assert got[1][0].params["ref"] == "A1:XFD1048576"


# ---------------------------------------------------------------------------------------------------
# the bad-input corpus

def _corpus_cases():
    from corpus.build_corpus import CASES

    return CASES


@pytest.mark.parametrize("case", _corpus_cases(), ids=lambda c: c.name)
def test_corpus_workbooks_scan_as_before(case, tmp_path, monkeypatch):
    for var, value in case.env.items():
        monkeypatch.setenv(var, value)
    paths = case.build(tmp_path)
    books = [p for p in paths.values() if Path(p).suffix.lower() in (".xlsx", ".xlsm", ".ods")
             and Path(p).is_file()]
    for book in books:
        assert_same_scan(Path(book), None)
        assert_same_scan(Path(book), GENEROUS)


# ---------------------------------------------------------------------------------------------------
# the shipped workbooks, the ones other tests build, and (opt-in) the benchmark workbooks

def _built_books(folder: Path) -> list[Path]:
    from openpyxl import Workbook
    from test_messy_workbook import clean_workbook, messy_workbook
    from wbtools import tiny_workbook

    books = [clean_workbook(folder / "rapi.xlsx"), messy_workbook(folder / "berantakan.xlsx"),
             tiny_workbook(folder / "kecil.xlsx")]
    wb = Workbook()  # formulas without a cached value (openpyxl writes none) and an error value
    ws = wb.active
    ws.append(["Wilayah", "Kode", "nilai"])
    for r in range(2, 400):
        ws.append([f"Kota {r}", f"35.{r:02d}", f"=B{r}*2" if r % 3 else "#DIV/0!"])
    ws["AB7"] = 5
    ws["C900"] = "=SUM(C2:C10)"
    wb.save(folder / "rumus.xlsx")
    return books + [folder / "rumus.xlsx"]


def test_shipped_and_test_built_workbooks_scan_as_before(tmp_path):
    from scorecard.resources import indicators_dir

    books = sorted(indicators_dir().glob("*.xlsx")) + _built_books(tmp_path)
    assert len(books) >= 6
    for book in books:
        for lim in (None, GENEROUS, dict(GENEROUS, cells=200)):
            assert_same_scan(Path(book), lim)
    got = assert_same_scan(tmp_path / "rumus.xlsx", None)
    assert any(e[2] == new.NO_CACHED_VALUE for e in got[1]["Sheet"])


@pytest.mark.skipif(not os.environ.get("SCORECARD_BENCH_DATA"), reason="set SCORECARD_BENCH_DATA to a folder of "
                    "benchmark workbooks (benchmarks/run.py --generate-only) to compare the scans on them")
def test_benchmark_workbooks_scan_as_before():
    """Opt-in (large files): the national, panel and village benchmark workbooks, with the defaults,
    generous limits, and limits that refuse them at different places."""
    books = sorted(Path(os.environ["SCORECARD_BENCH_DATA"]).glob("*.xlsx"))
    assert books
    for book in books:
        for lim in (None, GENEROUS, dict(GENEROUS, rows=84000), dict(GENEROUS, cells=1_000_000)):
            assert_same_scan(book, lim)

