"""Write a :class:`~scorecard.template.TemplateSpec` as an .xlsx workbook (openpyxl), atomically.

Each data sheet: row 1 title, row 2 labels (words and units), row 3 the headers validate reads,
data from row 4 with Excel data validation (dropdowns for grades, opinions, award categories and
region type; whole-number / decimal rules for counts, amounts and percentages; year ranges) and an
input message on every column. A "Petunjuk" sheet explains every column and where its figure is
found. Every text cell passes through :func:`~scorecard.io.output.safe_cell` (a rubric label
starting with "=" must not become a formula).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scorecard import i18n
from scorecard.io.output import atomic_write_bytes, mark_workbook, safe_cell, xlsx_bytes
from scorecard.io.paper import fit_row_heights, setup_page
from scorecard.template import FIRST_DATA_ROW, HEADER_ROW, LABEL_ROW, TITLE_ROW, TemplateColumn, TemplateSpec

PETUNJUK = "Petunjuk"
_LIST_COL = 9  # Petunjuk column (0-based) from which long dropdown lists are written, one per column


def _literal_list(choices: tuple[str, ...]) -> str | None:
    """'"A,B,C"' for Excel's inline list, or None when it cannot be written inline (a comma or quote
    inside a choice, or longer than Excel's 255-character limit)."""
    if any("," in c or '"' in c for c in choices):
        return None
    text = '"' + ",".join(choices) + '"'
    return text if len(text) <= 255 else None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def write_template(spec: TemplateSpec, path: str | Path) -> Path:
    """Write the template workbook to ``path`` (atomically) and return the path."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = spec.lang
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    wb = Workbook()
    pet = wb.active
    pet.title = PETUNJUK
    bold = Font(bold=True)
    grey = Font(color="666666")
    label_fill = PatternFill("solid", fgColor="FFF2CC")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    list_cols: list[tuple[str, ...]] = []

    def list_formula(choices: tuple[str, ...]) -> str:
        literal = _literal_list(choices)
        if literal is not None:
            return literal
        list_cols.append(choices)
        letter = get_column_letter(_LIST_COL + len(list_cols))
        return f"'{PETUNJUK}'!${letter}$2:${letter}${len(choices) + 1}"

    def validation(col: TemplateColumn) -> Any | None:
        common: dict[str, Any] = dict(allow_blank=True, showInputMessage=bool(col.prompt),
                                      promptTitle=safe_cell(col.header[:32]), prompt=safe_cell(col.prompt[:250]),
                                      errorTitle=t("tpl.error-title")[:32], error=safe_cell(col.accepted[:250]))
        if col.choices_ref:
            return DataValidation(type="list", formula1=col.choices_ref.lstrip("="), showErrorMessage=col.strict,
                                  **common)
        if col.choices:
            return DataValidation(type="list", formula1=list_formula(col.choices), showErrorMessage=col.strict,
                                  errorStyle="stop", **common)
        kind = {"integer": "whole", "year": "whole", "number": "decimal", "percent": "decimal",
                "context": "decimal"}.get(col.kind)
        if kind is None or (col.min is None and col.max is None):
            if col.prompt:
                return DataValidation(type=None, **common)  # input message only
            return None
        if col.min is not None and col.max is not None:
            op, f1, f2 = "between", _num(col.min), _num(col.max)
        elif col.min is not None:
            op, f1, f2 = "greaterThanOrEqual", _num(col.min), None
        else:
            op, f1, f2 = "lessThanOrEqual", _num(col.max), None  # type: ignore[arg-type]
        return DataValidation(type=kind, operator=op, formula1=f1, formula2=f2, showErrorMessage=True,
                              errorStyle="stop", **common)

    for sheet in spec.sheets:
        ws = wb.create_sheet(sheet.name)
        ws.cell(TITLE_ROW, 1, safe_cell(sheet.title)).font = Font(bold=True, size=12)
        last_row = FIRST_DATA_ROW + len(sheet.rows) + sheet.blank_rows - 1
        for j, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(j)
            lab = ws.cell(LABEL_ROW, j, safe_cell(col.label + (" *" if col.required else "")))
            lab.font, lab.fill, lab.alignment = bold, label_fill, wrap
            head = ws.cell(HEADER_ROW, j, safe_cell(col.header))
            head.font, head.fill = bold, header_fill
            note = col.accepted + (f"\n{t('tpl.petunjuk.col.source')}: {col.source}" if col.source else "")
            head.comment = Comment(note[:1000], "scorecard")
            ws.column_dimensions[letter].width = col.width
            dv = validation(col)
            if dv is not None:
                dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
                ws.add_data_validation(dv)
            if col.kind == "number" and col.width >= 18:
                for r in range(FIRST_DATA_ROW, last_row + 1):
                    ws.cell(r, j).number_format = "#,##0"
        for i, row in enumerate(sheet.rows):
            r = FIRST_DATA_ROW + i
            for j, col in enumerate(sheet.columns, start=1):
                if col.header in row:
                    value = row[col.header]
                    cell = ws.cell(r, j, safe_cell(value))
                    if col.from_registry:
                        cell.font = grey
        if sheet.notes:
            where = {col.header: j for j, col in enumerate(sheet.columns, start=1)}
            for i, header, text in sheet.notes:
                if header in where:
                    ws.cell(FIRST_DATA_ROW + i, where[header]).comment = Comment(safe_cell(text)[:1000], "scorecard")
        ws.row_dimensions[LABEL_ROW].height = 60
        # printing (issue 19): A4 landscape, label and id rows on every page, the name columns on
        # every slice of the wide data sheet
        setup_page(ws, title=sheet.title, repeat_rows=f"{LABEL_ROW}:{HEADER_ROW}",
                   repeat_cols=3 if sheet.name == "wilayah" else 1, ncols=len(sheet.columns))
        ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 3 if sheet.name == "wilayah" else 2).coordinate

    # --- Petunjuk -------------------------------------------------------------------------------
    pet.cell(1, 1, safe_cell(spec.petunjuk_title)).font = Font(bold=True, size=13)
    r = 3
    for line in spec.instructions:  # one line across the table's width, wrapped when longer
        c = pet.cell(r, 1, safe_cell(line))
        c.alignment = Alignment(wrap_text=True, vertical="top")
        pet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
        r += 1
    r += 1
    for j, text in enumerate(spec.petunjuk_header, start=1):
        c = pet.cell(r, j, safe_cell(text))
        c.font, c.fill = bold, header_fill
    for sheet in spec.sheets:
        for col in sheet.columns:
            r += 1
            values = (sheet.name, col.header, col.label, col.accepted, col.source,
                      t("tpl.yes") if col.required else "")
            for j, text in enumerate(values, start=1):
                pet.cell(r, j, safe_cell(text)).alignment = wrap
    # one A4 landscape page wide at 80 % or more: sheet, column id, heading, what is accepted,
    # where to find it, required (the dropdown lists further right stay off the paper)
    for letter, width in zip("ABCDEF", (11, 20, 28, 38, 38, 7)):
        pet.column_dimensions[letter].width = width
    fit_row_heights(pet, 1, r)  # LibreOffice does not grow wrapped rows by itself: lines would overlap
    head_row = r - sum(len(s.columns) for s in spec.sheets)
    setup_page(pet, title=spec.petunjuk_title, repeat_rows=f"{head_row}:{head_row}", ncols=6)
    for k, choices in enumerate(list_cols, start=1):
        j = _LIST_COL + k
        pet.cell(1, j, safe_cell(t("tpl.list-header"))).font = bold
        for i, choice in enumerate(choices, start=2):
            pet.cell(i, j, safe_cell(choice))

    if spec.rubric_file:  # issue 13 point 9: the workbook remembers the rubric written beside it
        from scorecard.io.workbook_meta import META_SHEET, meta_rows

        meta = wb.create_sheet(META_SHEET)
        for key, value in meta_rows(spec.rubric_file, spec.rubric_id, spec.rubric_version, spec.rubric_sha256):
            meta.append([key, value])
        from scorecard.io.workbook_meta import PREFILLED_OPINION

        for sheet in spec.sheets:  # the opinion rows init wrote: validate does not report them while untouched
            if sheet.name == "opini_bpk":
                for orow in sheet.rows:
                    meta.append([PREFILLED_OPINION, orow["kode"], orow["tahun"]])
        meta.sheet_state = "hidden"
    wb.active = 0  # open on the instructions
    mark_workbook(wb, "template")  # never taken for a report: a filled-in template is the planner's data
    wb.properties.title = spec.petunjuk_title
    return atomic_write_bytes(path, xlsx_bytes(wb))  # fixed dates: reproducible bytes
