"""National context, ready to show: localized texts and tables built from the pure reference
objects (:mod:`scorecard.reference`, :mod:`scorecard.context`). Pure: no file access.

Used by the report (a "Konteks nasional" section for the focus region and its proposed hosts, and
the "kelompok pembanding" list with ``--peers similar``), its Excel workbook, and ``scorecard
context`` (table, JSON and HTML). Every block carries the source lines of the figures it shows:
the CC BY 4.0 licence of INDO-DAPOER requires the attribution wherever one of them appears.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scorecard import i18n
from scorecard.context import FISCAL, TYPE, Gap, Similarity
from scorecard.reference import MEASURES, ContextFact, Reference, RegionContext, context_of

REPORT_MEASURES = ("ipm", "kemiskinan", "pdrb_per_kapita", "penduduk", "kepadatan")


def measure_text(measure: str, x: float | None, lang: str) -> str:
    """A figure of a context measure in the reader's locale (Babel): 0,72 · Rp1.234.567 (id)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return i18n.t("ctx.no-figure", lang)
    if measure == FISCAL:
        return i18n.money(x, lang)
    return i18n.number(x, lang, MEASURES[measure].decimals)


def fmt_pct(p: float | None) -> str:
    return "–" if p is None else str(int(math.floor(p + 0.5)))


def fact_detail(f: ContextFact, lang: str) -> str:
    """'persentil nasional 95 · provinsi 93' (or 'within the table' for a partial user table)."""
    if f.value is None:
        return ""
    key = "ctx.pct-line" if f.scope_is_national else "ctx.pct-line-table"
    return i18n.t(key, lang, nat=fmt_pct(f.national.percentile), prov=fmt_pct(f.province.percentile))


def fact_value(f: ContextFact, lang: str) -> str:
    if f.value is None:
        return i18n.t("ctx.no-figure.source-error" if f.note else "ctx.no-figure", lang)
    return measure_text(f.measure, f.value, lang)


def measure_label(measure: str, lang: str, year: Any = None) -> str:
    label = i18n.t(f"ctx.measure.{measure}", lang)
    return f"{label} {year}" if year is not None else label


def type_label(kind: str, lang: str) -> str:
    return i18n.t(f"ctx.type.{kind}", lang) if kind in ("kota", "kabupaten") else kind


def sources_of(ref: Reference, lang: str, measures: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(ref.sources(lang, list(measures)))


# ------------------------------------------------------------------------------------------------
# Report block: focus and hosts side by side


@dataclass(frozen=True)
class RegionHead:
    code: str
    name: str
    role: str  # localized: wilayah fokus / calon tuan rumah
    province: str
    tertinggal: str | None  # the localized flag text, or None


@dataclass(frozen=True)
class ValueCell:
    value: float | None
    text: str
    detail: str  # percentile line
    national_pct: float | None
    province_pct: float | None


@dataclass(frozen=True)
class MeasureRow:
    measure: str
    label: str  # with the year
    year: str
    cells: tuple[ValueCell, ...]
    median: str  # national median (or median of the table)
    median_label: str


@dataclass(frozen=True)
class ContextBlock:
    title: str
    intro: str
    regions: tuple[RegionHead, ...]
    rows: tuple[MeasureRow, ...]
    sources: tuple[str, ...]
    method: str


def context_block(ref: Reference, focus: str, hosts: list[str] | tuple[str, ...], lang: str,
                  measures: tuple[str, ...] = REPORT_MEASURES) -> ContextBlock:
    """The focus region and each proposed host: value, year, national median, national and
    provincial percentile of every measure, with the sources."""
    codes = [focus] + [h for h in hosts if h != focus and h in ref]
    ctxs = [context_of(ref, c, measures) for c in codes]
    heads = tuple(RegionHead(c.code, c.name, i18n.t("ctx.role.focus" if c.code == focus else "ctx.role.host", lang),
                             c.province, i18n.t("ctx.tertinggal", lang) if c.tertinggal else None) for c in ctxs)
    rows = []
    for m in measures:
        facts = [c.fact(m) for c in ctxs]
        first = facts[0]
        if first is None:
            continue
        cells = tuple(ValueCell(f.value, fact_value(f, lang), fact_detail(f, lang), f.national.percentile,
                                f.province.percentile) for f in facts if f is not None)
        med_label = (i18n.t("ctx.national-median", lang) if first.scope_is_national
                     else i18n.t("ctx.table-median", lang, n=first.national.n))
        rows.append(MeasureRow(m, measure_label(m, lang, first.year), str(first.year), cells,
                               measure_text(m, first.national.median, lang), med_label))
    return ContextBlock(i18n.t("ctx.report.title", lang), i18n.t("ctx.report.intro", lang, focus=ctxs[0].name),
                        heads, tuple(rows), sources_of(ref, lang, measures), i18n.t("ctx.page.method", lang))


def context_sheet_rows(block: ContextBlock, ref: Reference, lang: str) -> tuple[list[str], list[list[Any]]]:
    """Long format for a spreadsheet: one row per region and measure (raw numbers, not text)."""
    header = [i18n.t(k, lang) for k in ("ctx.col.region", "ctx.col.role", "ctx.col.measure", "ctx.col.year",
                                        "ctx.col.value", "ctx.col.national-median", "ctx.col.national-pct",
                                        "ctx.col.province-pct", "ctx.col.tertinggal", "ctx.col.source")]
    rows: list[list[Any]] = []
    for j, head in enumerate(block.regions):
        ctx = context_of(ref, head.code, tuple(r.measure for r in block.rows))
        for f in ctx.facts:
            rows.append([head.name, head.role, i18n.t(f"ctx.measure.{f.measure}", lang), str(f.year), f.value,
                         f.national.median, _round(f.national.percentile), _round(f.province.percentile),
                         i18n.t("ctx.yes" if ctx.tertinggal else "ctx.no", lang),
                         f.source.get(lang) or f.source.get("id")])
    return header, rows


def _round(p: float | None) -> float | None:
    return None if p is None else round(p, 1)


# ------------------------------------------------------------------------------------------------
# Similar regions


@dataclass(frozen=True)
class SimilarRow:
    code: str
    name: str
    province: str
    type: str
    distance: float
    distance_text: str
    why: str
    differs: str
    tertinggal: bool


@dataclass(frozen=True)
class SimilarBlock:
    title: str
    intro: str
    rows: tuple[SimilarRow, ...]
    outside: str
    sources: tuple[str, ...]


def _gap_text(g: Gap, lang: str) -> str:
    if g.feature == TYPE:
        if g.gap == 0:
            return i18n.t(f"ctx.same-type.{g.focus_value}", lang)
        return i18n.t("ctx.other-type", lang, a=type_label(str(g.focus_value), lang),
                      b=type_label(str(g.peer_value), lang))
    fv = g.focus_value if isinstance(g.focus_value, float) else None
    pv = g.peer_value if isinstance(g.peer_value, float) else None
    vs = i18n.t("ctx.vs", lang, a=measure_text(g.feature, fv, lang), b=measure_text(g.feature, pv, lang))
    return f"{i18n.t(f'ctx.short.{g.feature}', lang)} {vs}"


def similar_block(ref: Reference, sim: Similarity, lang: str, fiscal_column: str | None = None,
                  in_report: bool = True) -> SimilarBlock:
    """``in_report``: add the sentence that hosts may come from outside the group (a report with
    recommendations; not the context page, which recommends nothing)."""
    rows = []
    for p in sim.peers:
        reasons = p.reasons
        why = "; ".join(_gap_text(g, lang) for g in reasons) if reasons else i18n.t("ctx.no-close", lang)
        big = p.largest
        differs = ""
        if big is not None and big.gap > 0.5 and big.feature != TYPE:
            vals = i18n.t("ctx.vs", lang, a=measure_text(big.feature, _f(big.focus_value), lang),
                          b=measure_text(big.feature, _f(big.peer_value), lang))
            differs = i18n.t("ctx.differs-most", lang, feature=i18n.t(f"ctx.short.{big.feature}", lang), values=vals)
        elif big is not None and big.feature == TYPE and big.gap > 0:
            differs = _gap_text(big, lang)
        rows.append(SimilarRow(p.code, ref.name(p.code), ref.province(p.code), type_label(ref.kind(p.code), lang),
                               p.distance, i18n.number(p.distance, lang, 2), why, differs,
                               ref.tertinggal(p.code)))
    k = len(rows)
    title = (i18n.t("ctx.similar.title", lang, k=k) if k >= sim.k
             else i18n.t("ctx.similar.title-few", lang, k=k, asked=sim.k))
    fiscal = i18n.t("ctx.similar.fiscal", lang, column=fiscal_column) if FISCAL in sim.features and fiscal_column else ""
    intro = i18n.t("ctx.similar.intro", lang, focus=ref.name(sim.focus), fiscal=fiscal)
    measures = [f for f in sim.features if f in MEASURES]
    return SimilarBlock(title, intro, tuple(rows), i18n.t("ctx.similar.outside", lang) if in_report else "",
                        sources_of(ref, lang, measures))


def _f(x: Any) -> float | None:
    return x if isinstance(x, float) else None


# ------------------------------------------------------------------------------------------------
# scorecard context: one region, every measure, its similar regions


@dataclass(frozen=True)
class FactRow:
    measure: str
    label: str
    year: str
    value: str
    national_median: str
    national_pct: str
    national_rank: str
    province_median: str
    province_pct: str
    source: str
    note: str | None


@dataclass(frozen=True)
class ContextPage:
    lang: str
    title: str
    subtitle: str
    tertinggal: str | None
    facts_title: str
    facts: tuple[FactRow, ...]
    similar: SimilarBlock
    sources: tuple[str, ...]
    method: str
    median_header: str
    province_header: str


def context_page(ref: Reference, ctx: RegionContext, sim: Similarity, lang: str,
                 within: str | None = None) -> ContextPage:
    """``within``: the province the comparison is restricted to (``--province``), else national."""
    rows = []
    for f in ctx.facts:
        rank = (i18n.t("ctx.rank-of", lang, r=f.national.rank, n=f.national.n) if f.national.rank else "–")
        rows.append(FactRow(f.measure, i18n.t(f"ctx.measure.{f.measure}", lang), str(f.year), fact_value(f, lang),
                            measure_text(f.measure, f.national.median, lang), fmt_pct(f.national.percentile), rank,
                            measure_text(f.measure, f.province.median, lang), fmt_pct(f.province.percentile),
                            f.source.get(lang) or f.source.get("id", ""), f.note))
    if within:
        n = int((ref.regions["province"] == within).sum())
        scope = i18n.t("ctx.scope.province", lang, n=n, province=within)
    else:
        scope = i18n.t("ctx.scope.national", lang)
    national = all(f.scope_is_national for f in ctx.facts if f.value is not None)
    return ContextPage(
        lang, i18n.t("ctx.page.title", lang, name=ctx.name),
        i18n.t("ctx.page.subtitle", lang, type=type_label(ctx.type, lang), province=ctx.province, scope=scope),
        i18n.t("ctx.tertinggal", lang) if ctx.tertinggal else None, i18n.t("ctx.page.facts", lang), tuple(rows),
        similar_block(ref, sim, lang, in_report=False), tuple(ref.sources(lang, [f.measure for f in ctx.facts])),
        i18n.t("ctx.page.method", lang),
        i18n.t("ctx.col.national-median", lang) if national else i18n.t("ctx.table-median", lang,
                                                                          n=ctx.facts[0].national.n),
        within or ctx.province)


def _peers_json(ref: Reference, sim: Similarity) -> list[dict[str, Any]]:
    return [{"code": p.code, "name": ref.name(p.code), "province": ref.province(p.code),
             "type": ref.kind(p.code), "distance": round(p.distance, 6),
             "daerah_tertinggal": ref.tertinggal(p.code),
             "gaps": [{"feature": g.feature, "focus": g.focus_value, "peer": g.peer_value,
                       "gap_sd": round(g.gap, 6)} for g in p.gaps],
             "why_similar": [g.feature for g in p.reasons]} for p in sim.peers]


def similar_json(ref: Reference, ws: Any, lang: str) -> dict[str, Any]:
    """``--peers similar`` in a JSON output: the group, the distance of each member and why."""
    sim = ws.similarity
    return {"k": sim.k, "features": list(sim.features), "fiscal_column": ws.fiscal_column,
            "candidates": sim.candidates, "peers": _peers_json(ref, sim),
            "sources": ref.sources(lang, [f for f in sim.features if f in MEASURES])}


def similar_text(ref: Reference, ws: Any, lang: str) -> str:
    """``--peers similar`` in a terminal table: the title, one line per member with its reasons."""
    block = similar_block(ref, ws.similarity, lang, ws.fiscal_column)
    return "\n".join([block.title, *_similar_grid(block, lang), "", block.intro, block.outside,
                      *(f"  {s}" for s in block.sources)]) + "\n"


def _similar_grid(block: SimilarBlock, lang: str) -> list[str]:
    head = ["#", i18n.t("ctx.col.region", lang), i18n.t("ctx.col.province", lang),
            i18n.t("ctx.col.distance", lang), i18n.t("ctx.col.why", lang)]
    body = [[str(i + 1), r.name, r.province, r.distance_text, r.why + (f" ({r.differs})" if r.differs else "")]
            for i, r in enumerate(block.rows)]
    return _grid(head, body) if body else [i18n.t("ctx.page.no-similar", lang)]


def context_json(ref: Reference, ctx: RegionContext, sim: Similarity, lang: str, within: str | None) -> dict[str, Any]:
    """The machine-readable form of ``scorecard context`` (documented in docs/context.md)."""
    def standing(s: Any) -> dict[str, Any]:
        med = None if s.median is None else round(s.median, 6)
        return {"n": s.n, "median": med, "percentile": _round(s.percentile), "rank": s.rank}

    return {
        "region": {"code": ctx.code, "name": ctx.name, "type": ctx.type, "province": ctx.province,
                   "daerah_tertinggal": ctx.tertinggal},
        "compared_with": within or "national",
        "facts": [{"measure": f.measure, "value": f.value, "year": f.year,
                   "source": f.source.get(lang) or f.source.get("id"), "note": f.note,
                   "national": standing(f.national), "province": standing(f.province),
                   "user_table": f.user_file} for f in ctx.facts],
        "similar": {"k": sim.k, "features": list(sim.features), "candidates": sim.candidates,
                    "peers": _peers_json(ref, sim)},
        "sources": ref.sources(lang, [f.measure for f in ctx.facts]),
    }


def context_text(page: ContextPage) -> str:
    """The terminal table of ``scorecard context``."""
    lang = page.lang
    out = [page.title, page.subtitle]
    if page.tertinggal:
        out.append(f"! {page.tertinggal}")
    out.append("")
    head = [i18n.t("ctx.col.measure", lang), i18n.t("ctx.col.year", lang), i18n.t("ctx.col.value", lang),
            page.median_header, i18n.t("ctx.col.national-pct", lang), i18n.t("ctx.col.national-rank", lang),
            i18n.t("ctx.col.province-median", lang), i18n.t("ctx.col.province-pct", lang)]
    body = [[f.label, f.year, f.value, f.national_median, f.national_pct, f.national_rank, f.province_median,
             f.province_pct] for f in page.facts]
    out.extend(_grid(head, body))
    notes = [f"  {f.label}: {f.note}" for f in page.facts if f.note]
    out.extend(notes)
    out.append("")
    out.append(page.similar.title)
    out.extend(_similar_grid(page.similar, lang))
    out.append("")
    out.append(page.method)
    out.append(i18n.t("ctx.sources.title", lang) + ":")
    out.extend(f"  {s}" for s in page.sources)
    return "\n".join(out) + "\n"


def _grid(head: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[j])) for r in [head] + body) for j in range(len(head))]
    widths[-1] = min(widths[-1], 200)

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(widths[j]) if j < len(cells) - 1 else str(c) for j, c in enumerate(cells))

    return [line(head), "  ".join("-" * w for w in widths)] + [line(r) for r in body]
