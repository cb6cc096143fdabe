"""TEST ORACLE, not used by scorecard: the limits pre-scan of ``scorecard/limits.py`` as it was at
commit 969d556, before it was made cheaper (issue 17: one list of tag positions per chunk instead of
~17 numpy passes over it, the chunks inflated by a helper thread). Only the three functions that
changed are kept here as they were (``_tally_xlsx``, ``_last_start``, ``_scan``); everything else is
the package's own (unchanged since), and ``check_workbook`` is the package's code run with this
module's names, so it calls the old scan. ``tests/test_prescan_oracle.py`` runs this
``check_workbook`` beside the package's on the workbooks of the bad-input corpus and on a generated
hostile set, and asserts the same scan (counts, extents, peaks, error cells, formulas without a
value) or the same refusal. Do not edit the three functions: they are the reference the new code is
held to."""

from __future__ import annotations

import types
import zipfile
from typing import Any

import scorecard.limits as _package

# the package's names (limits, patterns, helpers, _CHUNK, MAX_CELL_BYTES …) as this module's own, so
# that a test patching them here (a smaller _CHUNK) patches what the old functions below read
globals().update({k: v for k, v in vars(_package).items() if not k.startswith("__")})


def _tally_xlsx(data: bytes, counts: list[int], extent: list[int], seen: list[bool] | None = None) -> bool:
    """:func:`_count_xlsx` and :func:`_extent_xlsx` in one vectorised pass (numpy over the bytes:
    the ``<`` followed by ``v``, ``i``, ``r`` or ``c``, then the bytes after those), for XML without
    prefixed tags. Updates ``counts`` and ``extent`` in place and returns True; returns False,
    changing nothing, when the chunk has a prefixed row/value tag (the caller then uses the token
    loop). ``seen`` (when given, and tallied) becomes [the chunk holds ``<f``, it holds
    ``t="e"``]: formulas and error cells to look at."""
    import numpy as np

    token_end, row_end, upper = _byte_classes()
    n = len(data)
    a = np.frombuffer(data + b"\0" * 9, dtype=np.uint8)
    body = a[:n]
    colon = np.flatnonzero(body == 58)
    if colon.size:  # a prefixed tag (<x:row, <x:v, <x:is) needs ":row", ":v" or ":is" after a colon
        c1, c2, c3, c4 = a[colon + 1], a[colon + 2], a[colon + 3], a[colon + 4]
        maybe = ((c1 == 118) & row_end[c2]) | ((c1 == 105) & (c2 == 115) & row_end[c3]) | \
            ((c1 == 114) & (c2 == 111) & (c3 == 119) & row_end[c4])
        if maybe.any() and _PREFIXED_TAG.search(data):
            return False
    lt, m, e = _masks(n)
    np.equal(body, 60, out=lt)
    after = a[1:n + 1]

    def starts(letter: int) -> Any:  # positions of "<" + letter
        np.equal(after, letter, out=m)
        np.logical_and(m, lt, out=m)
        return np.flatnonzero(m)

    pv = starts(118)
    pv = pv[token_end[a[pv + 2]]]  # <v> <v  <v/
    pis = starts(105)
    pis = pis[(a[pis + 2] == 115) & token_end[a[pis + 3]]]  # <is> <is  <is/
    rowpos = starts(114)
    rowpos = rowpos[(a[rowpos + 2] == 111) & (a[rowpos + 3] == 119) & row_end[a[rowpos + 4]]]  # <row
    cpos = starts(99)
    cpos = cpos[(a[cpos + 2] == 32) & (a[cpos + 3] == 114) & (a[cpos + 4] == 61) & (a[cpos + 5] == 34)]  # <c r="
    if seen is not None:
        formula = starts(102).size > 0  # "<f"
        np.equal(a[3:n + 3], 101, out=e)  # t="e" at i: e at i + 3, then a quote (rare: a few per chunk)
        np.equal(a[4:n + 4], 34, out=m)
        e &= m
        at = np.flatnonzero(e)
        seen[:] = [formula, bool(((a[at] == 116) & (a[at + 1] == 61) & (a[at + 2] == 34)).any())]
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
        m_ = _ROW_NUMBER_AT.match(data, int(rowpos[-1]) + 5)
        extent[2] = int(m_.group(1)) if m_ else 0
    counts[:] = [rows, cells, pending]
    # the widest column: cells written <c r="..."
    if cpos.size:
        first, second = a[cpos + 6], a[cpos + 7]
        letter = upper[first]
        wide = letter & upper[second]
        if wide.any():  # two- or three-letter columns: the widest one holding a value, widest first
            wpos = cpos[wide]
            l1, l2, l3 = (a[wpos + k].astype(np.int64) - 64 for k in (6, 7, 8))
            col = np.where(upper[a[wpos + 8]], (l1 * 26 + l2) * 26 + l3, l1 * 26 + l2) - 1
            beyond = col > extent[1]  # only a column wider than the widest known can change it
            if beyond.any():
                wpos, col = wpos[beyond], col[beyond]
                for k in np.argsort(-col, kind="stable").tolist():
                    m_ = _WIDE_VALUE_CELL.match(data, int(wpos[k]))
                    if m_:  # the same regex as before, tried at the cells of the widest columns first
                        extent[1] = max(extent[1], _col_index(m_.group(1).decode()))
                        break
        letters = first[letter]
        if letters.size:  # the furthest first letter of any cell reference (as _extent_xlsx finds it)
            extent[1] = max(extent[1], int(letters.max()) - 65)
    return True

def _last_start(data: bytes, start: int) -> int:
    """Where the last cell or row tag of ``data`` at or after ``start`` begins (-1: none)."""
    return max(data.rfind(b"<c ", start), data.rfind(b"<row", start), data.rfind(b":c ", start),
               data.rfind(b":row", start), data.rfind(b"<table:table-row", start))

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

    def process(data: bytes) -> None:
        if token is _XLSX_TOKEN:
            if first[0]:  # the declared used range (<dimension ref="A1:ALL99999"/>), read or not
                first[0] = False
                dim = _DIMENSION.search(data[:4096])
                if dim and scan is not None:
                    scan.peak("area", _ref_area(*dim.groups()))
                if dim and _ref_area(*dim.groups()) > lim.area:
                    ref = b":".join(x for x in (dim.group(1) + dim.group(2),
                                                (dim.group(3) or b"") + (dim.group(4) or b"")) if x).decode()
                    raise _refuse("limit-area", name, sheet, ref=ref, area=_ref_area(*dim.groups()),
                                  limit=lim.area, env=ENV["cells"])
            tallied = _tally_xlsx(data, counts, extent, seen)  # rows, cells, extent in one vectorised pass
            if not tallied:
                _extent_xlsx(data, extent)
            if scan is not None:
                scan.peak("area", extent[0] * (extent[1] + 1))
            if extent[0] * (extent[1] + 1) > lim.area:
                raise _refuse("limit-area", name, sheet, ref=f"A1:{_col_letters(extent[1])}{extent[0]}",
                              area=extent[0] * (extent[1] + 1), limit=lim.area, env=ENV["cells"])
            _process(data, tallied)
            return
        _process(data, False)

    def _process(data: bytes, tallied: bool) -> None:
        if errors is not None and not errors and token is not _XLSX_TOKEN and _ODS_ERROR in data:
            errors.append((0, 0, "#ODS"))  # a marker: an ODS error cell exists (located later)
        # seen (from _tally_xlsx): whether the chunk holds "<f" and 't="e"' (bytes.find costs ~2 ms per MB)
        if errors is not None and (seen[0] if tallied else b"<f" in data):  # formulas without a cached value
            for m in _FORMULA_NO_VALUE.finditer(data):
                ref = _CELL_REF.search(m.group(1))
                if ref:
                    errors.append((int(ref.group(2)), _col_index(ref.group(1).decode()), NO_CACHED_VALUE))
        if errors is not None and (seen[1] if tallied else b't="e"' in data):
            for m in _ERROR_CELL.finditer(data):
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

    tail = b""
    since = [0]  # bytes since the last cell or row tag began
    last_cell = ["-"]  # the reference of that cell (A900), for the message
    with zf.open(info) as fh:
        while counts[0] <= lim.rows and counts[1] <= lim.cells:
            chunk = fh.read(_CHUNK)
            if not chunk:
                process(tail)
                break
            budget[0] -= len(chunk)
            if budget[0] < 0:  # the declared sizes lied (zip bomb): stop reading
                raise _refuse("limit-uncompressed", name, size_mb=">" + _num(lim.uncompressed_mb),
                              limit=_num(lim.uncompressed_mb), env=ENV["uncompressed_mb"])
            data = tail + chunk
            # carry the last (possibly incomplete) cell or row over to the next chunk (looked for in
            # the last 64 KB first: a miss there would search the whole chunk backwards)
            cut = _last_start(data, max(0, len(data) - 65536))
            if cut < 0:
                cut = _last_start(data, 0)
            # one cell (or .ods row) larger than any spreadsheet writes: refused while streaming
            if cut >= 0:
                ref = _CELL_REF.search(data, cut, cut + 512)
                last_cell[0] = (ref.group(1) + ref.group(2)).decode() if ref else "-"
            since[0] = since[0] + len(chunk) if cut < 0 else len(data) - cut
            if _ends_sheet_data(data):  # past the cells: merges, validations …
                since[0] = -(1 << 62)
            if since[0] > MAX_CELL_BYTES:
                raise _refuse("limit-cell-size", name, sheet, cell=last_cell[0], limit=_num(MAX_CELL_BYTES / 2**20))
            if cut > 0 and data[cut] != 60:  # ":c " of a prefixed tag: back to its "<"
                cut = data.rfind(b"<", 0, cut)
            if cut <= 0:
                cut = len(data)
            process(data[:cut])
            tail = data[cut:]
    return counts[0], counts[1]


# the package's check_workbook (unchanged since 969d556) calling this module's _scan
check_workbook = types.FunctionType(_package.check_workbook.__code__, globals(), "check_workbook",
                                    _package.check_workbook.__defaults__, _package.check_workbook.__closure__)
