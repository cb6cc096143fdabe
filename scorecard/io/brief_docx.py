"""Write a :class:`~scorecard.brief.Brief` as a Word document (python-docx): A4, 2 cm margins,
11 pt, one table for the weak areas, bullets for assumptions, evidence and questions. Opens and
edits in Word and LibreOffice (``libreoffice --headless --convert-to pdf`` renders it)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from scorecard.io.output import atomic_write_bytes, doc_date, mark_workbook


def _clean(text: str) -> str:
    """No control characters in the document (user text from the workbook may carry them)."""
    return "".join(ch for ch in str(text) if ch in "\t\n" or ord(ch) >= 32)


def _widths(table: Any, widths: list[Any]) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid and every cell)."""
    table.autofit = False
    for col, w in zip(table.columns, widths):
        col.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w


def brief_docx_bytes(brief: Any) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(1.8)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.0
    for style in ("List Bullet",):
        doc.styles[style].font.size = Pt(9.5)
        doc.styles[style].paragraph_format.space_after = Pt(0)
    core = doc.core_properties
    core.title = _clean(f"{brief.title} — {brief.focus_name}")
    core.language = "id-ID" if brief.lang == "id" else "en-GB"
    core.created = core.modified = doc_date()  # no wall clock in the file's metadata
    mark_workbook(doc, "brief")  # creator "scorecard", category "scorecard brief": a re-run may replace it

    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = t.add_run(_clean(brief.title))
    run.bold = True
    run.font.size = Pt(13)
    head = doc.add_table(rows=0, cols=3)
    for label, value in brief.header:
        cells = head.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = _clean(label), ":", _clean(value)
    _widths(head, [Cm(2.4), Cm(0.5), Cm(14.1)])
    for row in head.rows:
        for cell in row.cells:
            for par in cell.paragraphs:
                par.paragraph_format.space_after = Pt(0)

    for section in brief.sections:
        h = doc.add_paragraph()
        h.paragraph_format.space_before = Pt(6)
        h.paragraph_format.keep_with_next = True
        r = h.add_run(_clean(section.title))
        r.bold = True
        for block in section.blocks:
            if block.kind == "p":
                doc.add_paragraph(_clean(block.text))
            elif block.kind == "sub":
                p = doc.add_paragraph()
                p.paragraph_format.keep_with_next = True
                p.add_run(_clean(block.text)).bold = True
            elif block.kind == "bullets":
                for (text,) in block.rows:
                    doc.add_paragraph(_clean(text), style="List Bullet")
            elif block.kind == "table":
                rows = block.rows
                table = doc.add_table(rows=len(rows), cols=len(rows[0]))
                table.style = "Table Grid"
                if len(rows[0]) == 5:
                    _widths(table, [Cm(4.8), Cm(2.2), Cm(2.6), Cm(2.6), Cm(4.8)])
                for i, row in enumerate(rows):
                    for j, value in enumerate(row):
                        cell = table.cell(i, j)
                        cell.text = _clean(value)
                        for par in cell.paragraphs:
                            par.paragraph_format.space_after = Pt(0)
                            if j in (1, 2, 3) and i > 0:
                                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                            for rr in par.runs:
                                rr.font.size = Pt(9.5)
                                rr.bold = i == 0
                gap = doc.add_paragraph()
                gap.paragraph_format.space_after = Pt(0)
                gap.paragraph_format.line_spacing = 0.5
    sign = doc.add_paragraph(_clean(brief.closing[0]))
    sign.paragraph_format.space_before = Pt(6)
    for line in brief.closing[1:]:
        p = doc.add_paragraph(_clean(line))
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.space_after = Pt(0)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same document always gives the same bytes: zip entries re-written with the fixed
    document date (:func:`scorecard.io.output.doc_date`), in their original order."""
    import zipfile

    when = doc_date()
    date_time = (max(1980, when.year), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write_brief_docx(brief: Any, path: str | Path) -> Path:
    return atomic_write_bytes(path, brief_docx_bytes(brief))


__all__ = ["brief_docx_bytes", "write_brief_docx"]
