"""The visit brief: a one- to two-page *telaahan staf* proposing where to go for studi tiru.

Pure: a :class:`~scorecard.results.ScoreResult` and its :class:`~scorecard.recommend.Recommendation`
in, a :class:`Brief` (plain, localized text blocks) out; the DOCX and HTML writers live in
``scorecard.io.brief_docx`` and ``scorecard.io.brief_html``. The structure is the one Indonesian
government staff use for a decision memo: Persoalan, Praanggapan, Fakta yang mempengaruhi,
Analisis, Kesimpulan, Saran — with what to ask each host per area, and the data sources.

The questions come from the same evidence as the host's reasons (scorecard.recommend): the gap
(host's figure vs ours), the host's named awards in that area, its trend, the grade difference and
the money difference ("what can we copy with a budget per resident 3× smaller?").
"""

from __future__ import annotations

from scorecard.peers import first_code, label_key

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from scorecard import i18n
from scorecard.judgement import band_text, grade_word
from scorecard.hosts import Reason, show_param

MAX_WEAK_ROWS = 5  # weak areas in the facts table
MAX_AREAS_PER_STOP = 3  # areas analysed (and asked about) per host
MAX_QUESTIONS = 2  # questions per host and area
MAX_REASONS = 3  # evidence items per host and area


@dataclass(frozen=True)
class Block:
    """One piece of the brief: ``kind`` is "p" (paragraph), "bullets", "table" or "sub" (a small
    heading); ``rows`` hold bullet texts or table rows (the first row is the header)."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Brief:
    lang: str
    title: str
    header: tuple[tuple[str, str], ...]  # (label, value): Kepada, Dari, Tanggal, Perihal
    sections: tuple[Section, ...]
    closing: tuple[str, ...]  # closing sentence, place and date, signature lines
    focus: str
    focus_name: str
    stops: tuple[str, ...] = field(default_factory=tuple)  # host names proposed


def _t(key: str, lang: str, **params: Any) -> str:
    return i18n.t(key, lang, **{k: show_param(v, lang) for k, v in params.items()})


def _n(x: Any, lang: str, decimals: int = 1) -> str:
    return i18n.number(x, lang, decimals) if x is not None else "–"


def questions(cand: Any, area_name: Any, weak: Any, lang: str, result: Any = None) -> list[str]:
    """What to ask ``cand`` about one weak area, built from its evidence (at most MAX_QUESTIONS).
    With ``result``, a dimension's question names the two indicators where the host leads us most."""
    out: list[str] = []
    by_key: dict[str, list[Reason]] = {}
    for r in cand.reasons:
        by_key.setdefault(r.key, []).append(r)
    name = cand.name
    # 1. the gap, in the area's own figures
    for key in ("rec.reason.value", "rec.reason.value-grade", "rec.reason.grade-only"):
        if key in by_key:
            p = by_key[key][0].params
            if key == "rec.reason.grade-only" or key == "rec.reason.value-grade":
                out.append(_t("brief.q.grade", lang, host=name, indicator=p["indicator"], host_grade=p["host_grade"],
                              focus_grade=p["focus_grade"]))
            else:
                out.append(_t("brief.q.value", lang, host=name, indicator=p["indicator"], host_value=p["host"],
                              focus_value=p["focus"]))
            break
    else:
        leads = _leading_indicators(result, cand.code, weak, lang) if result is not None else []
        if leads:
            out.append(_t("brief.q.dimension-leads", lang, host=name, area=area_name,
                          host_score=round(cand.score, 1), focus_score=round(weak.focus_score, 1),
                          leads=i18n.join(leads, lang)))
        else:
            out.append(_t("brief.q.dimension", lang, host=name, area=area_name, host_score=round(cand.score, 1),
                          focus_score=round(weak.focus_score, 1)))
    # 2. a named award in the area
    for r in by_key.get("rec.reason.award-named", [])[:1]:
        out.append(_t("brief.q.award", lang, **r.params))
    # 3. its trend
    for r in by_key.get("rec.reason.grade-up", [])[:1]:
        out.append(_t("brief.q.grade-up", lang, **r.params))
    if "rec.reason.grade-up" not in by_key:
        for r in by_key.get("rec.reason.improved", [])[:1]:
            out.append(_t("brief.q.improved", lang, **r.params))
    # 4. money: what can be copied with a smaller (or larger) budget
    for key in ("rec.reason.revenue-times", "rec.reason.pad-times"):
        for r in by_key.get(key, [])[:1]:
            out.append(_t("brief.q.budget-big", lang, host=name, times=r.params["times"]))
    for key in ("rec.reason.revenue-fraction", "rec.reason.pad-fraction"):
        for r in by_key.get(key, [])[:1]:
            out.append(_t("brief.q.budget-small", lang, host=name))
    return out[:MAX_QUESTIONS]


def _leading_indicators(result: Any, host: str, weak: Any, lang: str, n: int = 2) -> list[str]:
    """The ``n`` indicators of a weak dimension where ``host`` leads the focus most (by score),
    as "SAKIP A vs C" / "Layanan publik daring 105 vs 9"."""
    rub = result.rubric
    try:
        dim = rub.dimension(weak.area_id)
    except (KeyError, ValueError, AttributeError):
        return []
    focus = getattr(result, "focus", None) or weak_focus(result, weak)
    scores = result.indicator_scores
    if focus is None or host not in scores.index or focus not in scores.index:
        return []
    rows = []
    for ind in dim.indicators:
        if ind.id not in scores.columns:
            continue
        hs, fs = scores.at[host, ind.id], scores.at[focus, ind.id]
        if hs == hs and fs == fs and hs - fs > 0:
            rows.append((-(hs - fs), ind))
    rows.sort(key=lambda t: (t[0], t[1].id))
    out = []
    for _, ind in rows[:n]:
        disp = result.display
        hv = disp.at[host, ind.id] if ind.id in disp.columns else None
        fv = disp.at[focus, ind.id] if ind.id in disp.columns else None
        if not (isinstance(hv, str) and hv and isinstance(fv, str) and fv):
            hv, fv = show_param(_plain(result.values.at[host, ind.id]), lang), show_param(
                _plain(result.values.at[focus, ind.id]), lang)
        else:  # grades as the reader says them: "Yes vs No" in English, never the workbook's "Ada vs Tidak"
            hv, fv = _grade_text(rub, ind, hv, lang), _grade_text(rub, ind, fv, lang)
        out.append(f"{ind.name.get(lang)} {hv} vs {fv}")
    return out


def _grade_text(rub: Any, ind: Any, shown: str, lang: str) -> str:
    """``shown`` (a grade as typed in the workbook) in the reader's language when it is a grade of
    the indicator's column's scale (an official abbreviation stays: SAKIP "BB"); else as it is."""
    column = rub.columns.get(ind.column) if getattr(ind, "column", None) else None
    scale = rub.scales.get(column.scale) if column is not None and getattr(column, "scale", None) else None
    grade = scale.find(shown) if scale is not None else None
    return shown if grade is None else grade_word(grade, lang)


def weak_focus(result: Any, weak: Any) -> str | None:
    return getattr(weak, "focus", None)


def _plain(x: Any) -> Any:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return x
    return int(v) if v.is_integer() else v


EVIDENCE_KEYS = {"rec.reason.distance"}  # said once per stop, not per area


# the drafter's line and signature role (None: a kabupaten/kota; catalogue keys written out in full)
_FROM = {None: "brief.from.value", "desa": "brief.from.value-desa", "kelurahan": "brief.from.value-kelurahan"}
_ROLE = {None: "brief.sign.role", "desa": "brief.sign.role-desa", "kelurahan": "brief.sign.role-kelurahan"}


def build_brief(result: Any, rec: Any, lang: str = "id", *, today: _dt.date | None = None,
                workbook: str | None = None) -> Brief:
    """The telaahan staf for ``rec.focus`` in ``lang``."""
    lang = i18n.normalise_lang(lang)
    today = today or brief_date()
    rub = result.rubric
    focus = rec.focus
    fname = rec.focus_name
    rank = result.ranks.at[focus, "overall"] if focus in result.ranks.index else None
    n = int((result.regions["peer_group"] == result.regions.at[focus, "peer_group"]).sum())
    score = result.overall.get(focus)
    grade = result.grades.at[focus, "overall"] if "overall" in result.grades.columns else None
    year = result.year if result.year is not None else "–"
    weak = list(rec.weak_areas)
    names = {w.area_id: w.name.get(lang) for w in (*rec.weak_areas, *rec.strengths)}
    cfg = _config(rub)

    village = str(focus).count(".") == 3  # a desa/kelurahan of a unit list (docs/units.md)
    # who drafts it: Bappeda's planning analyst for a kabupaten/kota; in a desa the Kaur Perencanaan
    # (Permendagri 84/2015), in a kelurahan (numbered 1xxx) its secretary; perangkat desa have no NIP
    kelurahan = village and str(focus).rsplit(".", 1)[-1].startswith("1")
    drafter = "kelurahan" if kelurahan else "desa" if village else None
    no_year = result.year is None  # the clause "data <year>" is left out, never "data –"
    header = (
        (i18n.t("brief.to", lang), i18n.t("brief.to.value-village" if village else "brief.to.value", lang,
                                          region=fname)),
        (i18n.t("brief.from", lang), i18n.t(_FROM[drafter], lang)),
        (i18n.t("brief.date", lang), i18n.date(today, lang)),
        (i18n.t("brief.subject", lang), i18n.t("brief.subject.value-noyear" if no_year else "brief.subject.value",
                                               lang, year=str(year))),
    )
    sections: list[Section] = []

    # I. Persoalan
    top = [names[a] for a in rec.weakest if a in names]  # computed once in the core (recommend.weakest_areas)
    if weak:
        graded = bool(band_text(rub, grade, lang))  # no grade: no "predikat –" clause
        problem = i18n.t("brief.problem-relative" if _rel(rub) else "brief.problem" if graded
                         else "brief.problem-nograde", lang, region=fname, rank=_rank(rank), n=n, score=_n(score, lang),
                         grade=band_text(rub, grade, lang) or "–", areas=i18n.join(top, lang))
    else:
        problem = i18n.t("brief.problem.none", lang, region=fname, rank=_rank(rank), n=n, score=_n(score, lang))
    rated = getattr(rec, "rated", True)  # issue 13: a region not yet rated has no standing to brief on
    if not rated:
        cov = i18n.percent(float(result.coverage[focus]), lang)
        problem = i18n.t("brief.not-rated.problem", lang, region=fname, pct=cov,
                         min=i18n.percent(rub.missing.min_coverage, lang))
    sections.append(Section(i18n.t("brief.s.problem", lang), (Block("p", problem),)))

    # II. Praanggapan
    peers = i18n.t(_pk, lang) if i18n.has(_pk := label_key(result.peers, first_code(result))) else result.peers
    assumptions = [
        i18n.t("brief.a.data-noyear" if no_year else "brief.a.data", lang, file=workbook or str(getattr(result.tables, "file", "–")), year=str(year),
               rubric=rub.name.get(lang), version=str(rub.version), peers=peers, n=n),
        i18n.t(_weak_key(rub, cfg), lang, kind=i18n.t(f"rec.benchmark.{cfg.benchmark}", lang),
               impact=_n(cfg.min_impact, lang, 1)),
        i18n.t("brief.a.host", lang, gap=_n(cfg.min_gap, lang, 0), share=i18n.percent(cfg.robust_share, lang),
               stop=_n(cfg.min_stop_impact, lang, 1), k=len(rec.trip) or 0),
        i18n.t("brief.a.cost", lang),
    ]
    sections.append(Section(i18n.t("brief.s.assumptions", lang), (Block("bullets", rows=tuple((a,) for a in assumptions)),)))

    # III. Fakta yang mempengaruhi
    standing = ("brief.f.standing-relative" if _rel(rub) else "brief.f.standing" if band_text(rub, grade, lang)
                else "brief.f.standing-nograde")
    facts: list[Block] = [Block("p", i18n.t(standing, lang, region=fname, rank=_rank(rank), n=n,
                                             score=_n(score, lang), grade=band_text(rub, grade, lang) or "–"))]
    if not rated:
        facts = [Block("p", problem), Block("p", i18n.t("brief.not-rated.missing", lang)), Block("bullets", rows=tuple((_area_name(result, a, lang),) for a in rec.unjudged))]
    if weak:
        rows = [(i18n.t("brief.col.area", lang), i18n.t("brief.col.score", lang), i18n.t("brief.col.benchmark", lang),
                 i18n.t("brief.col.impact", lang), i18n.t("brief.col.pick", lang))]
        # the host the trip uses for the area (one host per area across the brief); when it is not
        # the area's own pick, section IV says why (rec.trip.overrides)
        trip_host = {a: s.name for s in rec.trip for a in s.areas}
        for w in weak[:MAX_WEAK_ROWS]:
            cands = rec.candidates.get(w.area_id, ())
            host = trip_host.get(w.area_id) or (cands[0].name if cands else "–")
            rows.append((names[w.area_id], _n(w.focus_score, lang), _n(w.benchmark, lang),
                         "+" + _n(w.impact, lang, 2), host))
        facts.append(Block("table", rows=tuple(rows)))
        if len(weak) > MAX_WEAK_ROWS:
            facts.append(Block("p", i18n.t("brief.f.more", lang, n=len(weak) - MAX_WEAK_ROWS)))
    if rec.strengths or rec.can_host:
        strong = [names.get(s.area_id, s.area_id) for s in rec.strengths[:3]]
        host_areas = [_area_name(result, a, lang) for a in rec.can_host[:4]]
        facts.append(Block("p", i18n.t("brief.f.strengths", lang, strong=i18n.join(strong, lang) if strong else "–",
                                       host=i18n.join(host_areas, lang) if host_areas else "–")))
    sections.append(Section(i18n.t("brief.s.facts", lang), tuple(facts)))

    # IV. Analisis: per proposed stop
    analysis: list[Block] = []
    stop_names = []
    for stop in rec.trip:
        stop_names.append(stop.name)
        km = next((r for r in stop.reasons if r.key == "rec.reason.distance"), None)
        journey = next((r for r in stop.reasons if r.key == "rec.trip.same-journey"), None)
        head = i18n.t("brief.an.stop", lang, host=stop.name, areas=i18n.join([names[a] for a in stop.areas[:4]], lang),
                      more=len(stop.areas) - 4 if len(stop.areas) > 4 else 0, impact=_n(stop.impact, lang, 2),
                      km=km.render(lang) if km else "–")
        if stop.areas[4:]:
            head = head.rstrip(".") + " " + i18n.t("brief.an.more", lang, n=len(stop.areas) - 4) + "."
        analysis.append(Block("sub", head + (" " + _cap(journey.render(lang)) + "." if journey else "")))
        bullets = []
        for a in stop.areas[:MAX_AREAS_PER_STOP]:
            c = next((c for c in rec.candidates.get(a, ()) if c.code == stop.code), None)
            if c is None:
                continue
            ev = [r.render(lang) for r in c.reasons if r.key not in EVIDENCE_KEYS][:MAX_REASONS]
            line = f"{names[a]}: " + "; ".join(ev)
            tr = rec.tradeoffs.get(a)
            if tr is not None and rec.candidates[a][0].code == stop.code:
                line += " " + tr.render(lang)
            bullets.append((line,))
        if bullets:
            analysis.append(Block("bullets", rows=tuple(bullets)))
        if stop.alternatives:
            analysis.append(Block("p", i18n.t("brief.an.alternatives", lang,
                                              names=i18n.join([n for _, n in stop.alternatives], lang))))
    if not rec.trip:
        analysis.append(Block("p", i18n.t("rec.trip.none" if rated else "report.not-rated.trip", lang)))
    # overridden per-area picks first (rec.trip.overrides*: one host per area needs its why), then
    # hosts left out as too small; two such sentences keep the brief on two pages (all are in the
    # report and the JSON)
    for r in rec.dropped_stops[:2]:
        analysis.append(Block("p", r.render(lang)))
    if rec.news is not None:
        analysis.append(Block("p", rec.news.render(lang)))
    sections.append(Section(i18n.t("brief.s.analysis", lang), tuple(analysis)))

    # V. Kesimpulan
    from scorecard.io.recommend_output import trip_summary

    area_names = {**names, **{a: _area_name(result, a, lang) for s in rec.trip for a in s.areas}}
    concl = [trip_summary(rec, lang, area_names) if rated else i18n.t("report.not-rated.trip", lang)]
    robust = [c.robust for s in rec.trip for a in s.areas[:MAX_AREAS_PER_STOP]
              for c in rec.candidates.get(a, ()) if c.code == s.code and c.robust is not None]
    if robust:
        concl.append(i18n.t("brief.c.robust", lang, pct=i18n.percent(min(robust), lang)))
    sections.append(Section(i18n.t("brief.s.conclusion", lang), tuple(Block("p", c) for c in concl)))

    # VI. Saran: approve, and what to ask
    advice: list[Block] = []
    if rec.trip:
        advice.append(Block("p", i18n.t("brief.s.approve", lang, stops=i18n.join(stop_names, lang))))
        for stop in rec.trip:
            qs: list[tuple[str, ...]] = []
            for a in stop.areas[:MAX_AREAS_PER_STOP]:
                c = next((c for c in rec.candidates.get(a, ()) if c.code == stop.code), None)
                w = next((w for w in weak if w.area_id == a), None)
                if c is None or w is None:
                    continue
                for q in questions(c, names[a], w, lang, _FocusResult(result, focus)):
                    qs.append((f"{names[a]}: {q}",))
            if qs:
                advice.append(Block("sub", i18n.t("brief.ask", lang, host=stop.name)))
                advice.append(Block("bullets", rows=tuple(qs)))
        advice.append(Block("p", i18n.t("brief.s.followup", lang)))
    elif not rated:
        advice.append(Block("p", i18n.t("brief.not-rated.advice", lang)))
    else:
        advice.append(Block("p", i18n.t("brief.s.no-trip", lang)))
    sections.append(Section(i18n.t("brief.s.advice", lang), tuple(advice)))

    # Sumber data
    sources = _sources(result, rec, lang, workbook)
    sections.append(Section(i18n.t("brief.s.sources", lang), (Block("bullets", rows=tuple((s,) for s in sources)),)))

    role = i18n.t(_ROLE[drafter], lang)
    closing = (i18n.t("brief.closing", lang), i18n.t("brief.sign.place", lang, date=i18n.date(today, lang)),
               role, "", "(......................................)",
               *(() if drafter == "desa" else (i18n.t("brief.sign.nip", lang),)))
    return Brief(lang, i18n.t("brief.title", lang), header, tuple(sections), closing, focus, fname, tuple(stop_names))


def brief_date() -> _dt.date:
    """The date written on the brief: today, or the SOURCE_DATE_EPOCH day when that is set
    (reproducible builds: two runs give the same document)."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
    return _dt.date.today()


class _FocusResult:
    """The scoring result seen from the brief's focus region (for the dimension questions)."""

    def __init__(self, result: Any, focus: str) -> None:
        self._r, self.focus = result, focus

    def __getattr__(self, name: str) -> Any:
        return getattr(self._r, name)


def _rank(rank: Any) -> str:
    try:
        return str(int(rank))
    except (TypeError, ValueError):
        return "–"


def _config(rub: Any) -> Any:
    from scorecard.recommend_config import config_of

    return config_of(rub)


def _area_name(result: Any, area_id: str, lang: str) -> str:
    rub = result.rubric
    for d in rub.dimensions:
        if d.id == area_id:
            return d.name.get(lang)
    for i in rub.indicators:
        if i.id == area_id:
            return i.name.get(lang)
    return area_id


def _sources(result: Any, rec: Any, lang: str, workbook: str | None) -> list[str]:
    """Where the figures come from: the workbook, the per-row sources of the focus and the
    proposed hosts (distinct, shortest first), the registry, the news visit and the method."""

    tables = result.tables
    out = [i18n.t("brief.src.workbook" if result.year is not None else "brief.src.workbook-noyear", lang, file=workbook or str(getattr(tables, "file", "–")),
                  year=str(result.year if result.year is not None else "–"))]
    # each source with the figures it qualifies (which indicators, for which of the regions in
    # the brief): a bare "ilustratif" line would not say what is illustrative
    rub = result.rubric
    ind_name: dict[str, str] = {}
    for ind in rub.indicators:  # a source column "sumber_<data column>" qualifies that column's indicator
        for c in (getattr(ind, "columns", None) or ()) or ((ind.column,) if getattr(ind, "column", None) else ()):
            ind_name.setdefault(f"sumber_{c}", ind.name.get(lang))
    region_name = {rec.focus: rec.focus_name, **{s.code: s.name for s in rec.trip}}
    seen: dict[str, tuple[list[str], list[str]]] = {}
    src = getattr(tables, "sources", None)
    codes = list(dict.fromkeys([rec.focus] + [s.code for s in rec.trip]))
    if src is not None and hasattr(src, "columns"):
        for code in codes:
            if code in src.index:
                for col in src.columns:
                    v = src.at[code, col]
                    if isinstance(v, str) and v.strip():
                        cols, regs = seen.setdefault(v.strip(), ([], []))
                        if col not in cols:
                            cols.append(col)
                        if code not in regs:
                            regs.append(code)
    # the row-level "sumber" line is the workbook's own summary: shown only when no per-column
    # source says more precisely which figures it qualifies (the brief stays on two pages)
    precise = {t: v for t, v in seen.items() if "sumber" not in v[0]}
    shown = precise if precise else seen
    for text, (cols, regs) in sorted(shown.items(), key=lambda t: (-len(t[1][0]), t[0]))[:2]:
        if "sumber" in cols:  # the row's own source line: it names its figures itself
            what = i18n.t("brief.src.row", lang)
        else:
            names_ = [ind_name.get(c, str(c).removeprefix("sumber_")) for c in cols]
            what = i18n.join(names_[:4] + ([i18n.t("brief.src.more", lang, n=len(names_) - 4)] if len(names_) > 4 else []),
                             lang)
        regions_ = i18n.join([region_name.get(c, c) for c in regs], lang)
        out.append(i18n.t("brief.src.qualifies", lang, source=text.rstrip("."), what=what, regions=regions_))
    if getattr(tables, "filled", None):
        out.append(i18n.t("report.source.registry", lang))  # the registry citation in the reader's language
    if rec.news is not None:
        src_text = rec.news.params.get("source")
        if src_text:
            out.append(i18n.t("brief.src.news", lang, source=str(src_text)))
    from scorecard import __version__

    from scorecard.recommend_config import config_of

    out.append(i18n.t("brief.src.method", lang, version=__version__,
                      kind=i18n.t(f"rec.benchmark.{config_of(rub).benchmark}", lang)))
    return out


__all__ = ["Block", "Section", "Brief", "build_brief", "questions"]


def _weak_key(rub: Any, cfg: Any) -> str:
    """How "weak" is explained: the grade-rule clause only when a grade rule applies to an
    indicator of this rubric, and its SAKIP example only when the SAKIP rule does (a village rubric
    has neither)."""
    ids = {i.id for i in rub.indicators}
    rules = [r.indicator for r in getattr(cfg, "grade_rules", ()) if r.indicator in ids]
    if not rules:
        return "brief.a.weak-norules"
    return "brief.a.weak" if "sakip" in rules else "brief.a.weak-rules"


def _rel(rub: Any) -> bool:
    """A relative band is a position in the peer group, never called a grade (predikat)."""
    from scorecard.judgement import scoring_scale

    scale = scoring_scale(rub)
    return scale is not None and bool(scale.relative)


def _cap(text: str) -> str:
    """First letter upper-case, the rest untouched (str.capitalize would write "kota madiun")."""
    return text[:1].upper() + text[1:]
