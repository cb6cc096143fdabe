"""``scorecard init --context``: pre-fill a template's context columns from the reference data,
each value with its own source (``sumber_<column>``) naming the publisher and the year.

Pure: a :class:`~scorecard.template.TemplateSpec` and a :class:`~scorecard.reference.Reference` in,
a new spec out. Only rubric columns whose meaning is the same as a reference figure are filled
(``CONTEXT_COLUMNS``): population, the poverty rate, IPM and GRDP per capita. A figure missing in
the source stays blank (never estimated). The Petunjuk sheet gets one line saying which columns were
filled, from which year, and that newer figures should replace them when the planner has them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from scorecard import i18n
from scorecard.reference import Reference
from scorecard.template import TemplateSpec

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
            src = layer.citation(lang)
            if str(layer.year) not in src:
                src = f"{src}, {layer.year}"
            if f"sumber_{col}" in headers:
                new[f"sumber_{col}"] = src
            filled += 1
        rows.append(new)
    cols = tuple(col for col, _ in targets)
    if not cols:
        return Prefilled(spec, (), 0, 0)
    sheets[idx] = dataclasses.replace(sheet, rows=tuple(rows))
    years = ", ".join(f"{col} {ref.layers[m].year}" for col, m in targets)
    line = i18n.t("tpl.howto.context", lang, columns=years)
    new_spec = dataclasses.replace(spec, sheets=tuple(sheets), instructions=spec.instructions + (line,))
    return Prefilled(new_spec, cols, filled, blank)
