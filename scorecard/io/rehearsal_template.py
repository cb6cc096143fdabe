"""Write the Smart City self-assessment workbook (``scorecard init DIR --rehearsal``).

Sheets: instructions, ``profil`` (region, year, weight profile, last year's official result),
``penilaian_mandiri`` (one row per criterion with a level drop-down, then one row per evidence item
with a link/document cell; evidence rows are grouped under their criterion), ``rekan`` (peers'
official results, optional) and ``level`` (what each level means). The layout is what
:mod:`scorecard.io.rehearsal_file` reads back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scorecard import i18n
from scorecard.io.output import atomic_write_bytes, safe_cell

TEMPLATE_NAME = {"id": "penilaian_mandiri_smart_city.xlsx", "en": "smart_city_self_assessment.xlsx"}
SHEETS = {
    "petunjuk": {"id": "petunjuk", "en": "instructions"},
    "profil": {"id": "profil", "en": "profile"},
    "penilaian": {"id": "penilaian_mandiri", "en": "self_assessment"},
    "rekan": {"id": "rekan", "en": "peers"},
    "level": {"id": "level", "en": "levels"},
}


def _t(key: str, lang: str, **kw: Any) -> str:
    return i18n.t(f"rehearsal.tpl.{key}", lang, **kw)


def build_workbook(ins: Any, regions: list[str], lang: str, *, registry: Any = None, illustrative: bool = False):
    """The template as an openpyxl Workbook (so that the sample builder can fill it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE7F0")
    crit_fill = PatternFill("solid", fgColor="F3F6F9")
    input_fill = PatternFill("solid", fgColor="FFF7D6")
    wrap = Alignment(wrap_text=True, vertical="top")

    def names(regs: list[str]) -> list[tuple[str, str]]:
        out = []
        for r in regs:
            code = ""
            if registry is not None:
                res = registry.resolve(r, None)
                if res.code:
                    r, code = registry.title(res.code), res.code
            out.append((r, code))
        return out

    regs = names(regions)
    wb = Workbook()
    # --- instructions
    ws = wb.active
    ws.title = SHEETS["petunjuk"][lang]
    lines = [_t("title", lang, name=ins.name.get(lang))]
    if illustrative:
        lines.append(_t("illustrative", lang))
    lines += [_t("not-official", lang), _t("how-1", lang), _t("how-2", lang), _t("how-3", lang),
              _t("how-4", lang), _t("peer.note", lang), _t("how-5", lang),
              _t("rule", lang, rule=ins.verification_rule.get(lang) if ins.verification_rule else "-"),
              _t("instrument", lang, id=ins.id, version=ins.version)]
    for i, text in enumerate(lines, start=1):
        c = ws.cell(row=i, column=1, value=safe_cell(text))
        c.alignment = wrap
        if i == 1 or (illustrative and i == 2):
            c.font = Font(bold=True, color="9C0006" if i == 2 else "000000", size=12 if i == 1 else 11)
    ws.column_dimensions["A"].width = 120

    # --- profile
    ws = wb.create_sheet(SHEETS["profil"][lang])
    for j, key in enumerate(("key", "label", "value"), start=1):
        c = ws.cell(row=1, column=j, value=_t(f"profile.{key}", lang))
        c.font, c.fill = bold, head_fill
    rows: list[tuple[str, str, Any]] = [
        ("wilayah", _t("profile.region", lang), regs[0][0] if regs else None),
        ("kode", _t("profile.code", lang), regs[0][1] if regs else None),
        ("tahun_evaluasi", _t("profile.year", lang), None),
        ("profil_bobot", _t("profile.weights", lang, options="; ".join(f"{k} = {v.title(lang)}"
                                                                    for k, v in ins.profiles.items())),
         ins.default_profile),
        ("hasil_lalu.tahun", _t("profile.last-year", lang), None),
        ("hasil_lalu.indeks", _t("profile.last-overall", lang), None),
    ]
    rows += [(f"hasil_lalu.{r.id}", _t("profile.last-part", lang, name=r.name.get(lang)), None) for r in ins.results]
    rows += [(f"hasil_lalu.{d.id}", _t("profile.last-part", lang, name=d.name.get(lang)), None)
             for d in ins.dimensions]
    if illustrative:
        rows.append(("ilustratif", _t("profile.illustrative", lang), "ya" if lang == "id" else "yes"))
    for i, (key, label, value) in enumerate(rows, start=2):
        ws.cell(row=i, column=1, value=key)
        ws.cell(row=i, column=2, value=safe_cell(label))
        c = ws.cell(row=i, column=3, value=safe_cell(value))
        c.fill = input_fill
    dv = DataValidation(type="list", formula1='"' + ",".join(ins.profiles) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("C5")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 28
    ws.freeze_panes = "A2"

    # --- self-assessment
    ws = wb.create_sheet(SHEETS["penilaian"][lang])
    cols = ["code", "dimension", "subdimension", "result", "stage", "criterion", "level", "evidence", "notes"]
    for j, key in enumerate(cols, start=1):
        c = ws.cell(row=1, column=j, value=_t(f"col.{key}", lang))
        c.font, c.fill, c.alignment = bold, head_fill, wrap
    level_items = [f"{lv.level} - {lv.label.get(lang)}" for lv in ins.levels]
    formula = '"' + ",".join(level_items) + '"'
    if len(formula) > 250 or any("," in x for x in level_items):
        formula = '"' + ",".join(str(lv.level) for lv in ins.levels) + '"'
    level_dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                              errorTitle=_t("dv.title", lang), error=_t("dv.error", lang))
    ws.add_data_validation(level_dv)
    r = 2
    for crit in ins.criteria:
        dim = ins.dimension(crit.dimension)
        sub = ins.subdimension(crit.subdimension)
        res = ins.result(crit.result)
        values = [crit.id, dim.name.get(lang), sub.name.get(lang), res.name.get(lang),
                  _t("stage", lang, n=crit.stage), crit.name.get(lang), None, None, None]
        for j, v in enumerate(values, start=1):
            c = ws.cell(row=r, column=j, value=safe_cell(v))
            c.fill, c.font = crit_fill, bold if j in (1, 6) else Font()
        ws.cell(row=r, column=7).fill = input_fill
        level_dv.add(f"G{r}")
        r += 1
        for ev in crit.evidence:
            ws.cell(row=r, column=1, value=ev.id)
            ws.cell(row=r, column=6, value=safe_cell(_t("evidence-row", lang, level=ev.level, text=ev.text.get(lang))))
            ws.cell(row=r, column=8).fill = input_fill
            ws.row_dimensions[r].outline_level = 1
            r += 1
    widths = [30, 20, 24, 12, 9, 60, 16, 48, 30]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + j)].width = w
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:I{r - 1}"
    ws.sheet_properties.outlinePr.summaryBelow = False

    # --- peers
    ws = wb.create_sheet(SHEETS["rekan"][lang])
    head = [_t("peer.region", lang), _t("peer.code", lang), _t("peer.year", lang), _t("peer.overall", lang)]
    head += [r_.name.get(lang) for r_ in ins.results] + [d.name.get(lang) for d in ins.dimensions]
    for j, h in enumerate(head, start=1):
        c = ws.cell(row=1, column=j, value=safe_cell(h))
        c.font, c.fill, c.alignment = bold, head_fill, wrap
        ws.column_dimensions[_letter(j)].width = 28 if j == 1 else 13
    for i, (name, code) in enumerate(regs[1:], start=2):
        ws.cell(row=i, column=1, value=safe_cell(name))
        ws.cell(row=i, column=2, value=code or None)
    ws.freeze_panes = "B2"

    # --- levels
    ws = wb.create_sheet(SHEETS["level"][lang])
    for j, key in enumerate(("level", "label", "description"), start=1):
        c = ws.cell(row=1, column=j, value=_t(f"levels.{key}", lang))
        c.font, c.fill = bold, head_fill
    for i, lv in enumerate(ins.levels, start=2):
        ws.cell(row=i, column=1, value=lv.level)
        ws.cell(row=i, column=2, value=safe_cell(lv.label.get(lang)))
        ws.cell(row=i, column=3, value=safe_cell(lv.description.get(lang) if lv.description else ""))
    ws.cell(row=len(ins.levels) + 3, column=1, value=safe_cell(_t("levels.note", lang)))
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 70
    wb.active = 2
    return wb


def _letter(j: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(j)


def workbook_bytes(wb: Any) -> bytes:
    from scorecard.io.paper import setup_workbook

    setup_workbook(wb)  # A4 landscape, frozen rows/columns repeated, wrapped rows tall enough (issue 19)
    from scorecard.io.output import mark_workbook, xlsx_bytes

    if not getattr(wb.properties, "category", None):
        mark_workbook(wb, "rehearsal-template")  # a self-assessment: never taken for an output

    return xlsx_bytes(wb)  # fixed dates (SOURCE_DATE_EPOCH): reproducible bytes


def write_rehearsal_template(outdir: Path, rubric_ref: str | None, regions: list[str], lang: str, *,
                             force: bool = False) -> list[Path]:
    """Write the self-assessment workbook (and a copy of the instrument YAML, to adapt) into
    ``outdir``. ``regions[0]`` is the region filling it in; further names are put in the peers
    sheet. Returns the paths written. An existing workbook (perhaps already filled in) is never
    overwritten unless ``force`` (``scorecard init`` does not pass it); an existing YAML copy is kept."""
    from scorecard.io.registry_file import load_registry
    from scorecard.io.rehearsal_file import instrument_path, load_instrument
    from scorecard.issues import InputError, Issue

    lang = i18n.normalise_lang(lang)
    ins = load_instrument(rubric_ref)
    outdir = Path(outdir)
    if (outdir / TEMPLATE_NAME[lang]).exists() and not force:
        raise InputError(Issue("rehearsal-template-exists", file=str(outdir / TEMPLATE_NAME[lang])))
    wb = build_workbook(ins, list(regions or []), lang, registry=load_registry())
    paths = [atomic_write_bytes(outdir / TEMPLATE_NAME[lang], workbook_bytes(wb))]
    src = instrument_path(rubric_ref)
    dest = outdir / src.name
    if not dest.exists():
        paths.append(atomic_write_bytes(dest, src.read_bytes()))
    return paths


__all__ = ["write_rehearsal_template", "build_workbook", "workbook_bytes", "TEMPLATE_NAME", "SHEETS"]
