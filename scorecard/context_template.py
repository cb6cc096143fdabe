"""``scorecard init --context``: pre-fill a template's context columns from the reference data,
each value with its own source (``sumber_<column>``) naming the publisher and the year.

Pure: a :class:`~scorecard.template.TemplateSpec` and a :class:`~scorecard.reference.Reference` in,
a new spec out. Only rubric columns whose meaning is the same as a reference figure are filled
(``CONTEXT_COLUMNS``): population, the poverty rate, IPM and GRDP per capita. A figure missing in
the source stays blank (never estimated). The Petunjuk sheet gets one line saying which columns were
filled, from which year, and that newer figures should replace them when the planner has them.

A reference figure is of its own year (DAPOER poverty rates: 2019), not of the template's data year
(2025): each such cell gets a comment saying so, ``init`` warns with the file, sheet, column and rows
(:func:`older_figures`), and ``validate`` warns on every cell whose source is still the reference's
citation of another year (:func:`older_reference_cells`), until the planner replaces the figure and
its source. Nothing shows a 2019 figure as 2025's without saying so.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from scorecard import i18n
from scorecard.issues import WARNING, Issue, Phrase, column_letter
from scorecard.reference import Layer, Reference
from scorecard.schema import Text
from scorecard.template import FIRST_DATA_ROW, TemplateSpec

# rubric column id -> reference measure (same definition and unit)
CONTEXT_COLUMNS = {
    "penduduk": "penduduk", "jumlah_penduduk": "penduduk",
    "penduduk_miskin": "kemiskinan", "kemiskinan": "kemiskinan", "persentase_penduduk_miskin": "kemiskinan",
    "ipm": "ipm", "indeks_pembangunan_manusia": "ipm",
    "pdrb_per_kapita": "pdrb_per_kapita",
}


@dataclasses.dataclass(frozen=True)
class Prefilled:
    spec: TemplateSpec
    columns: tuple[str, ...]  # the columns filled
    values: int  # cells filled
    blank: int  # cells left blank because the source has no figure
    older: tuple["OlderFigures", ...] = ()  # columns filled with figures of another year than the data year


@dataclasses.dataclass(frozen=True)
class OlderFigures:
    """One column ``init --context`` filled with figures of ``year`` in rows of ``data_year``."""

    column: str  # header (penduduk_miskin)
    letter: str  # Excel column letter in the wilayah sheet
    rows: tuple[int, ...]  # Excel rows
    year: int
    data_year: int
    source: str


def reference_source(layer: Layer, lang: str) -> str:
    """The source text ``init --context`` writes for a figure of ``layer``: its citation, with the
    year when the citation does not name it."""
    src = layer.citation(lang)
    return src if str(layer.year) in src else f"{src}, {layer.year}"


def prefill_context(spec: TemplateSpec, ref: Reference, lang: str) -> Prefilled:
    sheets = list(spec.sheets)
    idx = next((i for i, s in enumerate(sheets) if s.name == "wilayah"), None)
    if idx is None:
        return Prefilled(spec, (), 0, 0)
    sheet = sheets[idx]
    headers = {c.header for c in sheet.columns}
    targets = [(col, m) for col, m in CONTEXT_COLUMNS.items() if col in headers and m in ref.layers]
    filled = blank = 0
    rows: list[dict[str, Any]] = []
    older_rows: dict[str, list[int]] = {}  # column -> indexes of rows given a figure of another year
    notes: list[tuple[int, str, str]] = []
    for row in sheet.rows:
        new = dict(row)
        code = str(row.get("kode") or "")
        for col, m in targets:
            v = ref.value(code, m) if code in ref else None
            if v is None:
                blank += 1
                continue
            new[col] = int(round(v)) if m == "penduduk" else v
            layer = ref.layers[m]
            src = reference_source(layer, lang)
            if f"sumber_{col}" in headers:
                new[f"sumber_{col}"] = src
            if isinstance(layer.year, int) and layer.year != spec.year:
                older_rows.setdefault(col, []).append(len(rows))
                notes.append((len(rows), col, i18n.t("tpl.context-older-cell", lang, year=layer.year,
                                                     data_year=spec.year, source=src)))
            filled += 1
        rows.append(new)
    cols = tuple(col for col, _ in targets)
    if not cols:
        return Prefilled(spec, (), 0, 0)
    sheets[idx] = dataclasses.replace(sheet, rows=tuple(rows), notes=sheet.notes + tuple(notes))
    years = ", ".join(f"{col} {ref.layers[m].year}" for col, m in targets)
    line = i18n.t("tpl.howto.context", lang, columns=years)
    position = {c.header: j for j, c in enumerate(sheet.columns)}
    older = tuple(OlderFigures(col, column_letter(position[col]), tuple(FIRST_DATA_ROW + i for i in older_rows[col]),
                               int(ref.layers[m].year), spec.year, reference_source(ref.layers[m], lang))
                  for col, m in targets if col in older_rows)
    if older:
        line += " " + i18n.t("tpl.howto.context-older", lang, data_year=spec.year)
    new_spec = dataclasses.replace(spec, sheets=tuple(sheets), instructions=spec.instructions + (line,))
    return Prefilled(new_spec, cols, filled, blank, older)


def older_figures(prefilled: Prefilled, workbook: str, sheet: str = "wilayah") -> list[Issue]:
    """One located warning per column ``init --context`` filled with figures of another year than
    the template's data year: file, sheet, column and the rows."""
    return [Issue("init-context-older", WARNING, file=workbook, sheet=sheet, column=o.column,
                  column_letter=o.letter, params={"rows": _row_ranges(o.rows), "cells": Phrase(
                      "init-context.rows.one" if len(o.rows) == 1 else "init-context.rows.other",
                      rows=_row_ranges(o.rows)), "year": o.year,
                                                  "data_year": o.data_year, "source": o.source})
            for o in prefilled.older]


def _row_ranges(rows: tuple[int, ...]) -> str:
    """(4, 5, 6, 9) -> '4–6, 9'."""
    from scorecard.issues import row_ranges

    return row_ranges(rows, dash="–")


def older_reference_cells(tables: Any, ref: Reference) -> list[Issue]:
    """``validate``: every context value whose source is still the reference citation ``init
    --context`` wrote (either language) while the row's year is another: a located warning
    (file, sheet, row, column, value) saying the figure is of the reference's year. A figure the
    planner replaced, with its own source, is not named."""
    sources = getattr(tables, "sources", None)
    if sources is None or not len(sources):
        return []
    years = tables.regions["tahun"] if "tahun" in tables.regions.columns else None  # else the one year shown
    out: list[Issue] = []
    for col, m in CONTEXT_COLUMNS.items():
        scol = f"sumber_{col}"
        layer = ref.layers.get(m)
        if scol not in sources.columns or col not in tables.regions.columns or layer is None \
                or not isinstance(layer.year, int):
            continue
        cited = {reference_source(layer, lang) for lang in i18n.LANGS}
        source = Text(id=reference_source(layer, "id"), en=reference_source(layer, "en"))  # in the reader's language
        for code, text in sources[scol].items():
            if not isinstance(text, str) or text.strip() not in cited:
                continue
            row_year = years.at[code] if years is not None else getattr(tables, "year", None)
            value = tables.regions.at[code, col]
            if row_year is None or row_year != row_year or value != value or int(row_year) == layer.year:
                continue
            sheet, row, letter = tables.cells.get((code, col), (None, None, None))
            out.append(Issue("reference-figure-older", WARNING, file=tables.file, sheet=sheet, row=row,
                             column=col, column_letter=letter, value=float(value),
                             params={"year": layer.year, "data_year": int(row_year), "source": source}))
    return sorted(out, key=lambda i: (str(i.sheet), i.row or 0, len(i.column_letter or ""), i.column_letter or ""))
