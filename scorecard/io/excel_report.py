"""Render a :class:`~scorecard.report_model.ReportModel` as an Excel workbook an analyst can reuse.

Sheets (Indonesian names by default, English with ``--lang en``): Ringkasan, Peringkat, Dimensi,
Indikator, Rekomendasi, Metodologi. Numbers are stored as numbers with number formats (scores
``0.0``, ranks ``0``, shares ``0%``); text is always written as an explicit string cell, so
nothing from the workbook, the registry or the rubric can become a formula. Score columns get a
red-yellow-green colour scale by conditional formatting; header rows are frozen, filtered and the
column widths fit their content. The file is deterministic: fixed document dates (or
``SOURCE_DATE_EPOCH``) and fixed zip entry times, so two runs give the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
from typing import Any

from scorecard import i18n
from scorecard.io.paper import fit_row_heights, setup_page
from scorecard.report_model import Cell, Column, ReportModel, Table

FORMATS = {"rank": "0", "score": "0.0", "delta": "+0.0;-0.0;0.0", "percent": "0%", "km": '#,##0" km"'}
MIN_WIDTH, MAX_WIDTH = 6, 50
NUMBER_HEADER_WIDTH = 10  # a column header wraps beyond this width
SUMMARY_LABEL_WIDTH, SUMMARY_TEXT_WIDTH = 45, 90
SOURCE_WIDTH = 90  # the Sources sheet: a region's source on one or two lines
KEY_WIDTH = 24  # Recommendations: the weak area and host names, repeated on every printed slice, wrap beyond this
HEADER_FILL = "E5E7EB"
FOCUS_FILL = "FFEDD5"
SCALE = ("F8696B", "FFEB84", "63BE7B")  # Excel's own red-yellow-green scale
FIXED_DATE = _dt.datetime(2000, 1, 1)
MAX_SHEET_NAME = 31


def _doc_date() -> _dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).replace(tzinfo=None)
    return FIXED_DATE


def _set_text(cell: Any, text: str) -> None:
    """A plain string cell, never a formula; text a spreadsheet or a CSV re-import could turn
    into one ('=HYPERLINK(…)', '@SUM(…)') is neutralised with an apostrophe (io.output.safe_cell)."""
    from scorecard.io.output import safe_cell

    cell.value = safe_cell(text)
    cell.data_type = "s"


def _number_format(kind: str, value: float, cell: Cell | None = None) -> str:
    """The cell's number format: by column kind (scores, ranks, shares), else the cell's own
    decimals and unit (one format per indicator on the Indicators sheet, see
    scorecard.report_model.value_decimals), else as many decimals as the value needs."""
    if kind in FORMATS:
        return FORMATS[kind]
    if cell is not None and cell.decimals is not None:
        fmt = "#,##0" + ("." + "0" * cell.decimals if cell.decimals > 0 else "")
        unit = cell.unit.replace('"', "").replace("\\", "")
        if unit:
            fmt += f'"{unit}"' if unit == "%" else f'" {unit}"'
        return fmt
    if float(value).is_integer():
        return "#,##0"
    return "#,##0.00" if abs(value) >= 1 else "0.000"


def _put(ws: Any, row: int, col: int, cell: Cell | None, kind: str) -> int:
    """Write one model cell; return the width its text needs."""
    target = ws.cell(row=row, column=col)
    if cell is None:
        return 0
    value = cell.value
    if kind != "text" and isinstance(value, (int, float)) and not isinstance(value, bool):
        target.value = value
        target.number_format = _number_format(kind, float(value), cell)
        return len(cell.text)
    text = cell.text if kind != "text" else ("" if value is None else str(value))
    if cell.flags:
        text = f"{text} ({', '.join(cell.flags)})" if text else ", ".join(cell.flags)
    if text in ("", "–") and kind != "text":
        return 1
    _set_text(target, text)
    return len(text)


def _write_table(ws: Any, table: Table, top: int = 1, *, freeze_cols: int = 0, filter_: bool = True,
                 scale: tuple[float, float] = (0.0, 100.0), max_width: float = MAX_WIDTH,
                 key_width: float | None = None) -> int:
    """Write ``table`` with its header at row ``top``; return the next free row. Columns are at
    most ``max_width`` wide; the key (frozen) text columns at most ``key_width``: they are printed
    again on every slice of a wide table, so a long name there wraps rather than costing each
    slice its width."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    focus_fill = PatternFill("solid", start_color=FOCUS_FILL, end_color=FOCUS_FILL)
    # a column is as wide as its values, up to MAX_WIDTH (its header wraps onto two or three
    # lines), so that wide tables print legibly
    # ... but never narrower than its longest word: "Environmental" is not broken into "Environment|al"
    widths = [max(min(len(c.label), NUMBER_HEADER_WIDTH), max((len(w) for w in c.label.split()), default=0))
              for c in table.columns]
    for j, col in enumerate(table.columns, start=1):
        h = ws.cell(row=top, column=j)
        _set_text(h, col.label)
        h.font = bold
        h.fill = header_fill
        h.alignment = Alignment(wrap_text=True, vertical="top")
    top_aligned = Alignment(vertical="top")
    for i, row in enumerate(table.rows, start=top + 1):
        for j, (col, cell) in enumerate(zip(table.columns, row.cells), start=1):
            widths[j - 1] = max(widths[j - 1], _put(ws, i, j, cell, col.kind))
            ws.cell(row=i, column=j).alignment = top_aligned  # a tall row reads from the top
            if row.highlight:
                target = ws.cell(row=i, column=j)
                target.font = bold
                target.fill = focus_fill
    last = top + len(table.rows)
    for j, col in enumerate(table.columns, start=1):
        letter = get_column_letter(j)
        current = ws.column_dimensions[letter].width or 0
        limit = key_width if key_width is not None and j <= freeze_cols and col.kind == "text" else max_width
        want = max(MIN_WIDTH, min(limit, widths[j - 1] + 2))
        ws.column_dimensions[letter].width = max(current if current != 13 else 0, want)
        if col.kind == "text":
            # a text right after a (right-aligned) number starts one indent in: "79.8  BB", not "79.8BB"
            indent = 1 if j > 1 and table.columns[j - 2].kind != "text" else 0
            for r in range(top + 1, last + 1):
                ws.cell(row=r, column=j).alignment = Alignment(wrap_text=True, vertical="top", indent=indent,
                                                               horizontal="left" if indent else None)
        if col.kind == "score" and table.rows:
            lo, hi = scale
            ws.conditional_formatting.add(
                f"{letter}{top + 1}:{letter}{last}",
                ColorScaleRule(start_type="num", start_value=lo, start_color=SCALE[0],
                               mid_type="num", mid_value=(lo + hi) / 2, mid_color=SCALE[1],
                               end_type="num", end_value=hi, end_color=SCALE[2]))
    fit_row_heights(ws, top, last)
    if top == 1:
        ws.freeze_panes = ws.cell(row=2, column=freeze_cols + 1).coordinate
        if filter_ and table.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{last}"
    return last + 2


# columns printed on the same page as their neighbours: a group per column key (or key prefix)
_GROUPS = {
    "indicator-long": {"source": "notes", "flags": "notes"},  # the rest: name and values together
    "recommendations": {"level": "area", "area_score": "area", "benchmark": "area", "behind": "area",
                        "code": "host", "total": "host", "score": "host", "gap": "host",
                        "distance": "host", "evidence": "evidence", "likeness": "likeness"},
}


def _print_groups(table: Table) -> list[str]:
    """The print group of each column of ``table`` (see scorecard.io.paper.setup_page)."""
    fixed = _GROUPS.get(table.id, {})
    out = []
    for col in table.columns:
        key = col.key
        if key in fixed:
            out.append(fixed[key])
        elif table.id == "indicator-long":
            out.append("values")
        elif key.startswith("c_"):
            out.append("criteria")
        elif key[:2] in ("s_", "r_", "g_"):
            out.append("dim:" + key[2:])  # score, rank and grade of one dimension
        else:
            out.append("col:" + key)
    return out


def _sheet_name(key: str, lang: str) -> str:
    name = i18n.t(f"report.sheet.{key}", lang)
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:MAX_SHEET_NAME]


def _summary(ws: Any, model: ReportModel) -> None:
    from openpyxl.styles import Alignment, Font

    t = lambda key: i18n.t(key, model.lang)  # noqa: E731
    rows: list[tuple[str, Any, str]] = []  # label, value, kind
    _set_text(ws.cell(row=1, column=1), model.title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    _set_text(ws.cell(row=2, column=1), model.subtitle)
    _set_text(ws.cell(row=3, column=1), model.headline)
    r = 5
    header = (Column("item", t("report.col.item")), Column("value", t("report.col.text")))
    for j, col in enumerate(header, start=1):
        _set_text(ws.cell(row=r, column=j), col.label)
        ws.cell(row=r, column=j).font = Font(bold=True)
    r += 1
    for fact in model.facts:
        rows.append((fact.label, fact, fact.kind))
    for label_key, items in (("report.excel.weakest", model.weakest),):
        for k, fact in enumerate(items, start=1):
            rows.append((f"{t(label_key)} {k}: {fact.label}", fact.text, "text"))
    for k, stop in enumerate(model.trip, start=1):
        rows.append((f"{t('report.excel.trip')} {k}: {stop.name}", " · ".join(stop.reasons) or stop.areas, "text"))
    if not model.trip and model.trip_empty:
        rows.append((t("report.excel.trip"), model.trip_empty, "text"))
    if model.can_host:
        rows.append((t("report.excel.can-host"), model.can_host, "text"))
    for note in model.notes:
        rows.append((t("report.excel.notes"), note, "text"))
    width_a, width_b = 12, 12
    for label, value, kind in rows:
        text = value.text if hasattr(value, "text") else str(value)
        width_b = max(width_b, min(len(text), 90))
    for label, value, kind in rows:
        _set_text(ws.cell(row=r, column=1), label)
        ws.cell(row=r, column=1).alignment = Alignment(vertical="top")
        width_a = max(width_a, len(label))
        if hasattr(value, "value") and kind in ("rank", "score", "percent") and isinstance(value.value, (int, float)):
            cell = ws.cell(row=r, column=2)
            cell.value = value.value
            cell.number_format = FORMATS.get(kind, "General")
            cell.alignment = Alignment(horizontal="left")
        else:
            text = value.text if hasattr(value, "text") else str(value)
            _set_text(ws.cell(row=r, column=2), text)
            ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        r += 1
    ws.column_dimensions["A"].width = min(width_a + 2, SUMMARY_LABEL_WIDTH)
    ws.column_dimensions["B"].width = min(width_b + 2, SUMMARY_TEXT_WIDTH)
    for row in range(1, 4):  # title, subtitle, headline: wrapped across both columns
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    for row in range(6, r):
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    fit_row_heights(ws, 1, r)
    ws.freeze_panes = "A6"


def _note(ws: Any, row: int, text: str, ncols: int) -> None:
    """A wrapped note across the table's columns under it (its row as tall as the text needs)."""
    from openpyxl.styles import Alignment

    _set_text(ws.cell(row=row, column=1), text)
    if ncols > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    fit_row_heights(ws, row, row)


def _method(ws: Any, model: ReportModel, scale: tuple[float, float]) -> None:
    from openpyxl.styles import Alignment, Font

    tables = list(model.method_tables)
    nxt = _write_table(ws, tables[0], 1, scale=scale) if tables else 1
    for table in tables[1:]:
        _set_text(ws.cell(row=nxt, column=1), table.title)
        ws.cell(row=nxt, column=1).font = Font(bold=True)
        nxt = _write_table(ws, table, nxt + 1, filter_=False, scale=scale)
        if table.note:
            _set_text(ws.cell(row=nxt - 1, column=1), table.note)
            nxt += 1
    for p in model.method_text:
        _set_text(ws.cell(row=nxt, column=1), p.title)
        ws.cell(row=nxt, column=1).font = Font(bold=True)
        _set_text(ws.cell(row=nxt, column=2), p.text)
        ws.merge_cells(start_row=nxt, start_column=2, end_row=nxt, end_column=min(8, max(2, len(tables[0].columns) if tables else 2)))
        ws.cell(row=nxt, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=nxt, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        nxt += 1
    fit_row_heights(ws, 1, nxt)


def render_xlsx(model: ReportModel) -> bytes:
    """The workbook as bytes (deterministic)."""
    from openpyxl import Workbook

    scale = model.score_range
    wb = Workbook()
    summary = wb.active
    summary.title = _sheet_name("summary", model.lang)
    _summary(summary, model)
    ws = wb.create_sheet(_sheet_name("ranking", model.lang))
    _write_table(ws, model.ranking, freeze_cols=2, scale=scale)
    dims = model.sheets.get("dimensions")
    ws = wb.create_sheet(_sheet_name("dimensions", model.lang))
    _write_table(ws, dims if dims is not None else model.dimension_table, freeze_cols=2, scale=scale)
    inds = model.sheets.get("indicators")
    ws = wb.create_sheet(_sheet_name("indicators", model.lang))
    _write_table(ws, inds if inds is not None else model.indicator_detail, freeze_cols=2, scale=scale)
    ws = wb.create_sheet(_sheet_name("recommendations", model.lang))
    if model.recommendations is not None:
        _write_table(ws, model.recommendations, freeze_cols=2, scale=scale, key_width=KEY_WIDTH)
    context_sheets = []
    sources = model.sheets.get("sources")  # each region's own source, said once (not on every row)
    if sources is not None:
        ws = wb.create_sheet(_sheet_name("sources", model.lang))
        nxt = _write_table(ws, sources, freeze_cols=2, scale=scale, max_width=SOURCE_WIDTH)
        if sources.note:
            _note(ws, nxt, sources.note, len(sources.columns))
        context_sheets.append((ws, sources))
    # national context (issue 15): its sources under the table
    for key in ("context", "similar"):
        table = model.sheets.get(key)
        if table is not None:
            ws = wb.create_sheet(_sheet_name(key, model.lang))
            nxt = _write_table(ws, table, freeze_cols=1, scale=scale)
            for k, line in enumerate((table.note or "").split(" · ")):
                if line:
                    _set_text(ws.cell(row=nxt + k, column=1), line)
            context_sheets.append((ws, table))
    method_ws = ws = wb.create_sheet(_sheet_name("method", model.lang))
    _method(ws, model, scale)
    # printing: A4 landscape, header rows (and the code/region columns of a wide table) on every
    # page, wide tables in page-wide slices of column groups (scorecard.io.paper)
    tables = [None, model.ranking, dims if dims is not None else model.dimension_table,
              inds if inds is not None else model.indicator_detail, model.recommendations]
    pages = list(zip(wb.worksheets[:5], (0, 2, 2, 2, 2), tables))
    pages += [(w, 1, t) for w, t in context_sheets] + [(method_ws, 0, None)]
    for sheet, keys, table in pages:
        groups = _print_groups(table) if table is not None else None
        text_cols = [j for j, col in enumerate(table.columns, start=1) if col.kind == "text"] if table else []
        # the all-regions Indicators sheet ends with the indicator id, for filters: not printed
        unprinted = 1 if table is not None and table.id == "indicator-long" else 0
        setup_page(sheet, title=f"{model.title} · {sheet.title}", footer=model.subtitle,
                   repeat_rows=0 if sheet is summary else 1, repeat_cols=keys, groups=groups,
                   shrinkable=text_cols, ncols=len(table.columns) - unprinted if unprinted and table else None)
    when = _doc_date()
    from scorecard.io.output import mark_workbook

    mark_workbook(wb, "report")  # the overwrite rule recognises a re-run's workbook
    wb.properties.title = model.title
    wb.properties.created = when
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue(), when)


def _normalise_zip(data: bytes, when: _dt.datetime) -> bytes:
    """Fixed document dates and zip entry times: two runs give byte-identical files."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    date_time = (max(1980, when.year), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{stamp}\g<2>", text)
                body = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def write_xlsx(model: ReportModel, path: Any) -> Any:
    from scorecard.io.output import atomic_write_bytes

    return atomic_write_bytes(path, render_xlsx(model))
