"""The national-context part of a report: the focus region and each proposed host placed among
all 514 (value, year, national median, national and provincial percentile, source), and — with
``--peers similar`` — the "kelompok pembanding: K wilayah paling mirip" list with why each is
similar. Pure: reference data, recommendation and similarity in; localized blocks and Excel
tables out (the HTML template ``reports/_context.html.j2`` and the Excel writer render them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scorecard import i18n
from scorecard.context import WorkbookSimilarity
from scorecard.context_view import (ContextBlock, SimilarBlock, context_block, context_sheet_rows,
                                    similar_block)
from scorecard.reference import Reference

MAX_HOSTS = 4  # hosts shown beside the focus region (the page stays readable on A4)


@dataclass(frozen=True)
class ReportContext:
    context: ContextBlock
    similar: SimilarBlock | None
    sheets: dict[str, Any]  # sheet key -> report_model.Table (long format, sources in the note)
    labels: dict[str, str]  # column heads of the similar-regions table, navigation label


def proposed_hosts(rec: Any, limit: int = MAX_HOSTS) -> list[str]:
    """The regions the report proposes to visit: the trip's stops, then the first candidate of each
    weak area (in order, without repeats)."""
    if rec is None:
        return []
    codes = [s.code for s in (getattr(rec, "trip", ()) or ())]
    for cands in (getattr(rec, "candidates", {}) or {}).values():
        codes += [c.code for c in cands[:1]]
    return list(dict.fromkeys(codes))[:limit]


def report_context(ref: Reference, focus: str, rec: Any, lang: str,
                   similarity: WorkbookSimilarity | None = None) -> ReportContext:
    from scorecard.report_model import Cell, Column, Row, Table

    block = context_block(ref, focus, proposed_hosts(rec), lang)
    header, rows = context_sheet_rows(block, ref, lang)
    kinds = ["text", "text", "text", "text", "number", "number", "number", "number", "text", "text"]

    def cell(v: Any, kind: str) -> Cell:
        if v is None:
            return Cell(None, "–" if kind != "text" else "")
        return Cell(v, i18n.number(v, lang) if kind == "number" else str(v))

    cols = tuple(Column(f"c{j}", h, k) for j, (h, k) in enumerate(zip(header, kinds)))
    table = Table("context", block.title, cols,
                  tuple(Row(tuple(cell(v, k) for v, k in zip(r, kinds)), highlight=(r[0] == block.regions[0].name))
                        for r in rows), note=" · ".join(block.sources))
    sheets: dict[str, Any] = {"context": table}
    sim_block = None
    if similarity is not None:
        sim_block = similar_block(ref, similarity.similarity, lang, similarity.fiscal_column)
        scol = (Column("rank", "#", "rank"), Column("region", i18n.t("ctx.col.region", lang)),
                Column("province", i18n.t("ctx.col.province", lang)),
                Column("distance", i18n.t("ctx.col.distance", lang), "number"),
                Column("why", i18n.t("ctx.col.why", lang)), Column("differs", i18n.t("ctx.col.differs", lang)))
        srows = tuple(Row((Cell(i + 1, str(i + 1)), Cell(r.name, r.name), Cell(r.province, r.province),
                           Cell(round(r.distance, 4), r.distance_text), Cell(r.why, r.why),
                           Cell(r.differs, r.differs)), code=r.code)
                      for i, r in enumerate(sim_block.rows))
        sheets["similar"] = Table("similar", sim_block.title, scol, srows,
                                  note=" · ".join((sim_block.intro, *sim_block.sources)))
    labels = {k: i18n.t(f"ctx.col.{k}", lang) for k in ("region", "province", "distance", "why", "tertinggal")}
    labels["nav"] = block.title
    return ReportContext(block, sim_block, sheets, labels)
