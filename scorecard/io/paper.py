"""Printing an Excel sheet legibly on A4 (issue 19).

A sheet is printed landscape on A4 with its header rows repeated on every page. A table that fits
the page width at 70 % or more is scaled to fit it (one page wide); a wider one is printed at a
readable fixed scale and split into page-wide slices of columns, each slice repeating the key
columns (code, region) on the left, with the breaks between column groups ("Smart Governance:
skor | peringkat | predikat" stay together). Wrapped text gets explicit row heights, because
LibreOffice does not grow a row for wrapped text when it opens an .xlsx, and overlapping lines
are what a printed page then shows.

Widths are in Excel's unit (the width of one "0" of the default 11 pt font, about 5.3 pt).
"""

from __future__ import annotations

import math
from typing import Any, Sequence

# A4 landscape, 1.3 cm side margins: 297 - 26 = 271 mm = 768 pt. Measured in LibreOffice's PDF
# (Carlito for Calibri): one width unit prints about 7 pt wide at 100 %, so about 105 units fit.
PAGE_WIDTH_CHARS = 105.0
# A4 portrait, same margins: 184 mm = 521 pt
PORTRAIT_WIDTH_CHARS = 72.0
MIN_FIT_SCALE = 0.7  # below this a one-page-wide print is too small to read: split instead
MIN_TEXT_WIDTH = 18  # a text column is not narrowed below this
MAX_TEXT_WIDTH = 90  # nor widened beyond this (long lines are hard to read)
SPLIT_SCALE = 70  # the scale of a table printed in slices: like the smallest fit, 11 pt prints as 7.7 pt
LINE_HEIGHT = 15.0  # points per line of 11 pt text (Excel's default row height)
MARGIN_IN = 0.5


def lines_needed(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` characters wide (word wrap, with slack:
    a row a little too tall is fine, a row too short overlaps the next on paper)."""
    per_line = max(1, int(width * 1.1) - 2)
    lines = 0
    for para in str(text).split("\n"):
        words = para.split(" ")
        count, used = 1, 0
        for w in words:
            need = len(w) + (1 if used else 0)
            if used and used + need > per_line:
                count += 1
                used = len(w)
            else:
                used += need
            while used > per_line:  # a word longer than the line
                count += 1
                used -= per_line
        lines += count
    return max(1, lines)


def fit_row_heights(ws: Any, first_row: int, last_row: int, widths: Sequence[float] | None = None,
                    reset: bool = False) -> None:
    """Give every row with wrapped text the height its longest cell needs (merged cells: the
    merged width)."""
    merged: dict[tuple[int, int], float] = {}
    for rng in ws.merged_cells.ranges:
        width = sum(_width(ws, c, widths) for c in range(rng.min_col, rng.max_col + 1))
        merged[(rng.min_row, rng.min_col)] = width
    for r in range(first_row, last_row + 1):
        need = 1
        for cell in ws[r]:
            if cell.value is None or not isinstance(cell.value, str):
                continue
            wrap = cell.alignment is not None and cell.alignment.wrap_text
            if not wrap and "\n" not in cell.value:
                continue
            width = merged.get((r, cell.column), _width(ws, cell.column, widths))
            need = max(need, lines_needed(cell.value, width))
        if need > 1:
            ws.row_dimensions[r].height = LINE_HEIGHT * need + 2
        elif reset:
            ws.row_dimensions[r].height = None


def _shrink(widths: list[float], columns: list[int], excess: float, longest: dict[int, int] | None = None) -> set[int]:
    """Narrow ``columns`` one unit at a time (never below MIN_TEXT_WIDTH) until ``excess`` units
    are gone or none can shrink; ``widths`` is changed in place. Each unit is taken from the
    column with the most room beyond its longest text (``longest``), the widest among equals: a
    column whose longest text fits with a unit to spare is not narrowed until the others have
    given theirs (one indicator name of 49 characters stays on one line when two columns give a
    unit each, where taking both from it wrapped its last word alone onto a second line)."""
    changed: set[int] = set()
    longest = longest or {}
    while excess > 0:
        candidates = [c for c in columns if widths[c] > MIN_TEXT_WIDTH]
        if not candidates:
            break
        c = max(candidates, key=lambda i: (_room(widths[i], longest[i]), widths[i]) if i in longest else (0, widths[i]))
        widths[c] -= 1
        excess -= 1
        changed.add(c)
    return changed


def _room(width: float, longest: int) -> float:
    """Characters to spare on one line of a column ``width`` wide holding text ``longest``
    characters long (as :func:`lines_needed` counts them; negative: the text wraps)."""
    return width * 1.1 - 2 - longest


def _longest_text(ws: Any, first_row: int) -> dict[int, int]:
    """0-based column -> length of its longest text cell from ``first_row`` on."""
    out: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if isinstance(cell.value, str):
                out[cell.column - 1] = max(out.get(cell.column - 1, 0), len(cell.value))
    return out


def _width(ws: Any, col: int, widths: Sequence[float] | None) -> float:
    from openpyxl.utils import get_column_letter

    if widths is not None and col - 1 < len(widths):
        return float(widths[col - 1])
    return float(ws.column_dimensions[get_column_letter(col)].width or 8.43)


def setup_page(ws: Any, *, title: str = "", footer: str = "", repeat_rows: int | str = 1, repeat_cols: int = 0,
               groups: Sequence[str] | None = None, portrait: bool = False,
               shrinkable: Sequence[int] = (), ncols: int | None = None) -> dict[str, Any]:
    """A4 print settings for ``ws``; returns what was chosen (for tests): scale, pages wide and
    the column breaks.

    ``repeat_rows``: header rows printed on every page (0: none). ``repeat_cols``: key columns
    printed on every slice of a wide table. ``groups``: a group name per column; a slice only
    breaks where the group changes. ``shrinkable``: 1-based text columns that may be narrowed
    (their text wraps, rows grow) when one group is wider than a page. ``repeat_rows`` may be a
    range ("2:3"). ``ncols``: print only the first ``ncols`` columns (helper columns beyond them,
    such as dropdown lists, stay off the paper)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    if ncols:  # helper columns written later (dropdown lists) must not print either
        ws.print_area = f"A1:{get_column_letter(ncols)}{ws.max_row}"
    ncols = ncols or ws.max_column
    widths = [_width(ws, c, None) for c in range(1, ncols + 1)]
    capacity = PORTRAIT_WIDTH_CHARS if portrait else PAGE_WIDTH_CHARS
    total = sum(widths)
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = MARGIN_IN
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.gridLines = False
    if title:
        ws.oddHeader.left.text = _hf(title)
        ws.oddHeader.left.size = 9
    if footer:
        ws.oddFooter.left.text = _hf(footer)
        ws.oddFooter.left.size = 9
    ws.oddFooter.right.text = "&P / &N"
    ws.oddFooter.right.size = 9
    if repeat_rows:
        ws.print_title_rows = repeat_rows if isinstance(repeat_rows, str) else f"1:{repeat_rows}"
    breaks: list[int] = []
    if total <= capacity / MIN_FIT_SCALE or ncols <= repeat_cols + 1:
        # one page wide: a fixed scale that fits the width (never up); rows flow onto as many pages
        # as needed. Not "fit to page": LibreOffice ignores it for a sheet of one wide column.
        scale = min(100, int(100 * capacity * 0.97 / total)) if total else 100
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = scale
        return {"scale": scale / 100, "pages_wide": 1, "breaks": breaks}
    # slices: fixed scale, breaks between groups, key columns repeated
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = SPLIT_SCALE
    room = capacity * 100 / SPLIT_SCALE * 0.95  # 5 % slack: a slice that only just fits spills a blank page
    keys = sum(widths[:repeat_cols])
    groups = list(groups) if groups is not None else [str(c) for c in range(ncols)]
    # a group wider than a page: narrow its text columns (they wrap) so that it fits one page
    spans: dict[str, list[int]] = {}
    for c in range(repeat_cols, ncols):
        spans.setdefault(groups[c], []).append(c)
    narrowed: set[int] = set()
    first_body = int(str(repeat_rows).split(":")[-1]) + 1 if repeat_rows else 1
    longest = _longest_text(ws, first_body)
    for cols in spans.values():
        excess = sum(widths[c] for c in cols) + keys - room
        if excess > 0:
            narrowed |= _shrink(widths, [c for c in cols if c + 1 in shrinkable], excess, longest)
    used = keys
    start = repeat_cols
    c = repeat_cols
    while c < ncols:
        # the group that starts at c
        end = c + 1
        while end < ncols and groups[end] == groups[c]:
            end += 1
        gw = sum(widths[c:end])
        if used + gw > room and c > start:
            breaks.append(c)
            used = keys
            start = c
        used += gw
        c = end
    # a slice with room to spare widens its wrapped text columns (fewer lines, fewer pages)
    bounds = [repeat_cols, *breaks, ncols]
    for lo, hi in zip(bounds, bounds[1:]):
        spare = room - keys - sum(widths[lo:hi])
        for c in sorted(range(lo, hi), key=lambda i: -(longest.get(i, 0) - widths[i])):
            if spare <= 0:
                break
            if c + 1 in shrinkable and longest.get(c, 0) + 2 > widths[c]:
                grow = min(spare, longest[c] + 2 - widths[c], MAX_TEXT_WIDTH - widths[c])
                if grow > 0:
                    widths[c] += grow
                    spare -= grow
                    narrowed.add(c)
    if narrowed:
        for c in narrowed:
            ws.column_dimensions[get_column_letter(c + 1)].width = widths[c]
        fit_row_heights(ws, 1, ws.max_row, widths, reset=True)
    for b in breaks:  # a break is left of the column with this 0-based index
        ws.col_breaks.append(Break(id=b))
    if repeat_cols:
        ws.print_title_cols = f"A:{get_column_letter(repeat_cols)}"
    return {"scale": SPLIT_SCALE / 100, "pages_wide": len(breaks) + 1, "breaks": breaks}


def _hf(text: str) -> str:
    """Header/footer text: '&' is a control character there."""
    return text.replace("&", "&&")[:200]


def column_groups(labels: Sequence[str]) -> list[str]:
    """Group of each column for slicing: the label's part before ': ' ("Smart Governance: skor"
    and "Smart Governance: peringkat" stay on one page); a label without one is its own group."""
    out = []
    for i, label in enumerate(labels):
        head, sep, _ = label.partition(": ")
        out.append(head if sep else f"#{i}")
    return out


def estimate_pages_wide(widths: Sequence[float], capacity: float = PAGE_WIDTH_CHARS) -> int:
    return max(1, math.ceil(sum(widths) / (capacity / MIN_FIT_SCALE)))


def setup_workbook(wb: Any, title: str = "") -> None:
    """A4 print settings for every visible sheet of a workbook that has no layout of its own: the
    frozen rows are the header printed on every page, the frozen columns the key columns of every
    slice; wrapped rows get their height. (Sheets already set up by ``setup_page`` keep theirs.)"""
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or ws.max_row < 1:
            continue
        rows, cols = 0, 0
        if ws.freeze_panes:
            letter, row = coordinate_from_string(ws.freeze_panes)
            rows, cols = row - 1, column_index_from_string(letter) - 1
        _wrap_last_column(ws)
        fit_row_heights(ws, 1, ws.max_row)
        setup_page(ws, title=f"{title} · {ws.title}" if title else ws.title, repeat_rows=rows, repeat_cols=cols,
                   shrinkable=_text_columns(ws, rows + 1))


def _text_columns(ws: Any, first_row: int) -> list[int]:
    """1-based columns whose body cells are mostly text (they may wrap)."""
    out = []
    for c in range(1, ws.max_column + 1):
        texts = numbers = 0
        for (value,) in ws.iter_rows(min_row=first_row, min_col=c, max_col=c, values_only=True):
            if isinstance(value, str):
                texts += 1
            elif isinstance(value, (int, float)):
                numbers += 1
        if texts > numbers:
            out.append(c)
    return out


def _wrap_last_column(ws: Any) -> None:
    """Long text in the last column would run off the printed page (nothing to its right is
    printed): wrap it."""
    from copy import copy

    last = ws.max_column
    width = _width(ws, last, None)
    for (cell,) in ws.iter_rows(min_col=last, max_col=last):
        if isinstance(cell.value, str) and len(cell.value) > width and not cell.alignment.wrap_text:
            align = copy(cell.alignment)
            align.wrap_text = True
            align.vertical = align.vertical or "top"
            cell.alignment = align
