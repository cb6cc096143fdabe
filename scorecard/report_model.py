"""The benchmark report: an :class:`~scorecard.analysis.Analysis` turned into a :class:`ReportModel`.

Pure: an analysis about a focus region (its score, its comparison with its peers and its
recommendation) and a language in; a frozen :class:`ReportModel` out, made of the neutral view
model of :mod:`scorecard.view` (tables, cells, charts, facts, paragraphs). This module only
translates and formats: every number it shows was computed in the core (the peer median, best
peer, gaps and ranks in :mod:`scorecard.comparison`; weak areas and hosts in
:mod:`scorecard.recommend`). Renderers (``scorecard.io.html_report``, ``scorecard.io.excel_report``)
only lay it out.

Adding a section: compute what it needs in the core (a field of ``Analysis`` or ``Comparison``),
add a field to :class:`ReportModel`, a ``_Builder`` method that fills it from view-model pieces,
and its catalogue keys in ``scorecard/locale/report.yaml``; then lay it out in the templates.
"""

from __future__ import annotations

from scorecard.peers import first_code, label_key, relative_note_key, relative_note_key

import dataclasses
import math

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

import pandas as pd

from scorecard import i18n
from scorecard.kinds import AWARDS, OPINIONS, kind_of
from scorecard.judgement import ABBREVIATION as _ABBREVIATION, grade_word

from scorecard.comparison import compare
from scorecard.view import (HEAT_STEPS, URL_RE, Cell, Chart, Column, Fact, Paragraph, Row, Series, Table,  # noqa: F401
                            _Fmt, _int, _nan, _num, heat_bucket, link_parts)

if TYPE_CHECKING:
    from scorecard.analysis import Analysis
    from scorecard.uncertainty import RankUncertainty

MAX_SECTIONS = 5  # weak areas shown as full sections; the others go into one table


# ----------------------------------------------------------------------------------------------
# View data


@dataclass(frozen=True)
class TripStop:
    name: str
    code: str
    areas: str
    reasons: tuple[str, ...]
    distance: str | None = None


@dataclass(frozen=True)
class WeakSection:
    id: str
    title: str
    facts: tuple[Fact, ...]
    reasons: tuple[str, ...]
    indicators: Table
    candidates: Table | None
    no_candidates: str | None = None
    tradeoff: str | None = None  # why the best performer is not the pick (one sentence)
    criteria: Table | None = None  # match score and every criterion per host (expandable in HTML)


@dataclass(frozen=True)
class ReportModel:
    lang: str
    labels: dict[str, str]  # static UI labels (navigation, buttons, captions)
    title: str
    subtitle: str
    focus: str
    focus_name: str
    headline: str
    facts: tuple[Fact, ...]
    weakest: tuple[Fact, ...]
    trip: tuple[TripStop, ...]
    trip_empty: str | None
    dimension_table: Table
    ranking: Table
    charts: tuple[Chart, ...]
    weak_sections: tuple[WeakSection, ...]
    strengths: Table
    indicator_detail: Table
    method_text: tuple[Paragraph, ...]
    method_tables: tuple[Table, ...]
    notes: tuple[str, ...]
    sheets: dict[str, Table] = field(default_factory=dict)  # extra tables for the Excel workbook
    recommendations: Table | None = None  # weak areas x candidate hosts (Excel)
    other_weak: Table | None = None
    can_host: str | None = None
    score_range: tuple[float, float] = (0.0, 100.0)
    trip_notes: tuple[str, ...] = ()  # stops left out (too small), the news comparison
    brief_href: str | None = None  # the visit brief (telaahan staf) next to the report, when written
    # issue 13 (honest numbers): warnings shown at the top of the summary (small peer group, what the
    # scores are relative to), and for a region not yet rated the table of what is missing
    warnings: tuple[str, ...] = ()
    missing_inputs: Table | None = None
    rated: bool = True
    # issue 15: national context of the focus region and its hosts, and the similar peer group
    # (scorecard.context_report.ReportContext); None without reference data or for a village unit
    context: Any = None


# ----------------------------------------------------------------------------------------------
# Helpers


MAX_ENTERED_DECIMALS = 4  # a figure as entered keeps its decimals up to this many (or more: see below)
SIGNIFICANT = 3  # a computed figure keeps three significant digits on its smallest value


def _decimals_of(v: float) -> int:
    """The decimals ``v`` carries as typed (0.5 -> 1, 3.65 -> 2, 24.0 -> 0); float noise ignored."""
    for d in range(0, 11):
        if abs(v - round(v, d)) <= 1e-9 * max(1.0, abs(v)):
            return d
    return 10


def value_decimals(values: Iterable[Any], derived: bool) -> int:
    """One number of decimals for all the values of one indicator (the Excel Indicators sheet
    shows an indicator's column in one format, 0.50 beside 1.25, never 0.500 beside 1.20 or 24):

    - a figure entered in the workbook (``derived`` False): as many decimals as its most precise
      value carries, so nothing typed is hidden (at most 4, or more when the smallest value needs
      them for three significant digits, e.g. 0.00045);
    - a computed figure (a ratio: PAD share, visitors per resident): three significant digits of
      its smallest non-zero value (0.711 and 8.284; 11.4 and 56.2; 330,187 and 2,027,818).
    """
    vals = [float(v) for v in values if _num(v) is not None]
    if not vals:
        return 0
    nonzero = [abs(v) for v in vals if v != 0]
    sig = max(0, SIGNIFICANT - 1 - math.floor(math.log10(min(nonzero)))) if nonzero else 0
    if derived:
        return sig
    return min(max(_decimals_of(v) for v in vals), max(MAX_ENTERED_DECIMALS, sig))


# reasons whose figure the recommendations table shows in its own column on the same row
_IN_COLUMNS = frozenset({"rec.reason.score", "rec.reason.score-indicator", "rec.reason.robust", "rec.reason.distance"})
# reasons that say how a host is like the focus region (type, size, budget, place), not what it achieved
_LIKENESS = ("rec.reason.same-", "rec.reason.other-type", "rec.reason.similar-population", "rec.reason.population-",
             "rec.reason.revenue-", "rec.reason.pad-")


# likeness reasons that compare two amounts (rupiah per resident, residents): the table says them
# in short (Rp3,6 jt vs Rp3,7 jt); the page, the brief and recommend's outputs keep every digit
_COMPACT = frozenset({"rec.reason.revenue-similar", "rec.reason.pad-similar", "rec.reason.similar-population"})


def _compact(value: Any, lang: str) -> Any:
    """3608324 -> '3,6 jt' (id) / '3.6M' (en): two significant figures say "similar" well enough."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or abs(value) < 1000:
        return value
    from babel.numbers import format_compact_decimal

    return str(format_compact_decimal(value, locale=i18n.babel_locale(lang), fraction_digits=1))


def _split_reasons(reasons: Iterable[Any], lang: str) -> tuple[str, str]:
    """A host's reasons for the recommendations table: (what it achieved, how it is like us), each
    joined with "; ", leaving out those whose figure has its own column (:data:`_IN_COLUMNS`)."""
    evidence: list[str] = []
    likeness: list[str] = []
    for r in reasons:
        key = getattr(r, "key", "")
        if key in _IN_COLUMNS:
            continue
        if key in _COMPACT and isinstance(getattr(r, "params", None), dict):
            r = dataclasses.replace(r, params={k: _compact(v, lang) if k in ("host", "focus") else v
                                               for k, v in r.params.items()})
        (likeness if key.startswith(_LIKENESS) else evidence).append(_render(r, lang))
    return "; ".join(evidence), "; ".join(likeness)


def _render(obj: Any, lang: str) -> str:
    """A reason / issue / label from the recommendation API, whatever its shape."""
    if obj is None:
        return ""
    if hasattr(obj, "render"):
        return str(obj.render(lang))
    if hasattr(obj, "get") and hasattr(obj, "en") and hasattr(obj, "id"):
        return str(obj.get(lang))
    return str(obj)


def _uncertainty(u: RankUncertainty | None, code: str) -> tuple[float, float, float] | None:
    """(median rank, 5 % rank, 95 % rank) of ``code`` in the overall ranking, when the analysis
    holds the rank uncertainty and ``code`` has a rank in it."""
    if u is None or code not in u.median.index:
        return None
    vals = [_num(fr.at[code, "overall"]) for fr in (u.median, u.low, u.high)]
    if vals[0] is None or vals[1] is None or vals[2] is None:
        return None
    return vals[0], vals[1], vals[2]


def _trend(t: pd.DataFrame | None, code: str, dimension: str = "overall"
           ) -> tuple[int, float | None, float | None] | None:
    """(previous year, score change, rank change) of ``code`` in its latest year, from the
    analysis' trends (scorecard.trends.COLUMNS), if present."""
    if t is None or t.empty:
        return None
    rows = t[(t["code"] == code) & (t["dimension"] == dimension)]
    if rows.empty:
        return None
    last = rows.loc[rows["year"].idxmax()]
    prev = _num(last.get("previous_year"))
    if prev is None:
        return None
    return int(prev), _num(last.get("change")), _num(last.get("rank_change"))


# ----------------------------------------------------------------------------------------------
# Lookups shared by every report of one result (a batch builds hundreds of reports from one result)


class _Lookups:
    """Plain-dict views of the result's frames: fast per-cell access in the table loops."""

    def __init__(self, r: Any):
        def frame(df: pd.DataFrame) -> dict[str, dict[str, Any]]:
            return {code: row for code, row in zip(df.index, df.to_dict("records"))}

        self.values = frame(r.values)
        self.display = frame(r.display)
        self.ind_scores = frame(r.indicator_scores)
        self.dim_scores = frame(r.dimension_scores)
        self.ranks = frame(r.ranks)
        self.grades = frame(r.grades)
        self.overall = r.overall.to_dict()
        self.coverage = r.coverage.to_dict()
        self.regions = frame(r.regions[[c for c in ("name", "tipe", "provinsi", "peer_group") if c in r.regions]])
        tables = r.tables
        src = tables.sources
        self.sources = frame(src) if isinstance(src, pd.DataFrame) else {}
        self.opinion_sources: dict[str, list[str]] = {}
        ops = tables.opinions
        if isinstance(ops, pd.DataFrame) and len(ops) and "source" in ops.columns:
            for code, source in zip(ops["code"], ops["source"]):
                if not _nan(source):
                    self.opinion_sources.setdefault(code, []).append(str(source))
        self.award_sources: dict[tuple[str, Any], list[str]] = {}
        aw = tables.awards
        if isinstance(aw, pd.DataFrame) and len(aw) and "source" in aw.columns:
            cats = aw["category"] if "category" in aw.columns else [None] * len(aw)
            for code, cat, source in zip(aw["code"], cats, aw["source"]):
                if not _nan(source):
                    self.award_sources.setdefault((code, cat), []).append(str(source))
                    self.award_sources.setdefault((code, None), []).append(str(source))
        self.filled = frozenset(tables.filled)
        self.from_text = frozenset(tables.from_text)
        self.cache: dict[Any, Any] = {}  # per (table, language, group) pieces reused by every report
        self.marks: dict[str, frozenset[tuple[str, str]]] = {}
        for key, fr in (("imputed", r.imputed), ("winsorised", r.winsorised)):
            pairs: set[tuple[str, str]] = set()
            if len(fr):
                stacked = fr.astype(bool).stack()
                pairs = {(str(c), str(i)) for (c, i), v in stacked.items() if v}
            self.marks[key] = frozenset(pairs)


_LOOKUPS: dict[int, tuple[Any, _Lookups]] = {}


def _lookups(result: Any) -> _Lookups:
    import weakref

    hit = _LOOKUPS.get(id(result))
    if hit is not None and hit[0]() is result:
        return hit[1]
    for key in [k for k, (ref, _) in _LOOKUPS.items() if ref() is None]:
        del _LOOKUPS[key]
    look = _Lookups(result)
    _LOOKUPS[id(result)] = (weakref.ref(result), look)
    return look


# ----------------------------------------------------------------------------------------------
# Builder


class _Builder:
    def __init__(self, analysis: Analysis, focus: str, lang: str, full: bool):
        result = analysis.score
        self.a = analysis
        self.r = result
        self.rub = result.rubric
        self.focus = focus
        self.lang = lang
        self.rec = analysis.recommendation
        self.full = full
        self.f = _Fmt(lang)
        self.L = _lookups(result)
        self.group = self.L.regions[focus]["peer_group"]
        self.cmp = analysis.comparison if analysis.comparison is not None else compare(result, focus)
        self.members = list(self.cmp.members)
        self.member_set = frozenset(self.members)
        self.n = int(result.group_sizes[self.group])
        from scorecard.judgement import rated_group_sizes

        # ranks are among the rated regions only (issue 13): "3/14", not "3/15" with one not rated
        self.n_ranked = rated_group_sizes(result).get(str(self.group), self.n)
        self.lo, self.hi = self.rub.scoring.range
        self.scale = self.rub.scales.get(self.rub.scoring.scale) if self.rub.scoring.scale else None
        self.dims = list(self.rub.dimensions)
        total_dim = sum(d.weight for d in self.dims) or 1.0
        self.eff_w: dict[str, float] = {}
        self.eff_w = dict(self.rub.effective_weights())
        for d in self.dims if not self.eff_w else ():
            total_ind = sum(i.weight for i in d.indicators) or 1.0
            for ind in d.indicators:
                self.eff_w[ind.id] = d.weight / total_dim * ind.weight / total_ind

    # names ------------------------------------------------------------------------------------
    def name(self, code: str) -> str:
        reg = self.L.regions.get(code)
        return str(reg["name"]) if reg is not None else str(code)

    def dim_name(self, d: Any) -> str:
        return d.name.get(self.lang)

    def short_dim_names(self) -> list[str]:
        """Dimension names for narrow column headers: a first word shared by all (\"Smart\") dropped."""
        names = [self.dim_name(d) for d in self.dims]
        firsts = {n.split(" ", 1)[0] for n in names}
        if len(names) > 1 and len(firsts) == 1 and all(" " in n for n in names):
            return [n.split(" ", 1)[1] for n in names]
        return names

    def area_name(self, area_id: str, fallback: Any = None) -> str:
        if fallback is not None:
            return _render(fallback, self.lang)
        for d in self.dims:
            if d.id == area_id:
                return self.dim_name(d)
        for ind in self.rub.indicators:
            if ind.id == area_id:
                return ind.name.get(self.lang)
        return area_id

    def grade_label(self, code: Any) -> str:
        if _nan(code) or not code:
            return "–"
        if self.scale is not None and self.scale.relative:  # issue 13: a relative band, by its words
            g = self.scale.find(str(code))
            if g is not None:
                return g.label.get(self.lang)
        if self.scale is not None:
            g = self.scale.find(str(code))
            if g is not None:  # "B (Good)"; a band that is a word by its label: "Upper half of this group"
                return f"{g.code} ({g.label.get(self.lang)})" if _ABBREVIATION.match(g.code) else g.label.get(self.lang)
        return str(code)

    def grade_word(self, ind: Any, code: Any) -> str | None:
        """An indicator's grade as the reader says it: an official abbreviation stays (BB, WTP),
        a grade that is a word is shown in the reader's language (Sangat Baik -> Very good)."""
        if _nan(code) or code in (None, ""):
            return None
        scale_id = None
        if ind.column and ind.column in self.rub.columns:
            scale_id = self.rub.columns[ind.column].scale
        scale = self.rub.scales.get(scale_id) if scale_id else None
        g = scale.find(str(code)) if scale is not None else None
        if g is None:
            return str(code)
        return grade_word(g, self.lang)

    def peer_label(self) -> str:
        mode = self.r.peers
        base = self.f.t(label_key(mode, first_code(self.r)))
        if mode in ("all", "similar"):  # one group, or the focus region's own similar group
            return base
        return f"{base}: {self.group}"

    # sources ----------------------------------------------------------------------------------
    def region_source(self, code: str) -> str:
        """The region's own source (the workbook's ``sumber`` column): it stands for every value of
        the region that has no source of its own, so it is the same on all those rows."""
        v = self.L.sources.get(code, {}).get("sumber")
        return "" if _nan(v) or v is None else str(v).strip()

    def source_of(self, code: str, ind: Any, *, region_wide: bool = True) -> tuple[str, tuple[str, ...]]:
        """The sources of one indicator value of ``code`` joined by "; ", and its flags. With
        ``region_wide=False`` the region's own source (:meth:`region_source`) is not repeated: a
        row that relies on it says so with a short pointer (the workbook's Sources sheet)."""
        L = self.L
        found: list[str] = []
        flags: list[str] = []
        sheet = kind_of(ind).sheet  # a kind counted from a sheet cites that sheet's sources
        if sheet == OPINIONS:
            found += L.opinion_sources.get(code, [])
        elif sheet == AWARDS:
            found += L.award_sources.get((code, ind.award_category), [])
        row = L.sources.get(code, {})
        for col in ind.columns:
            if (code, col) in L.filled:
                found.append(self.f.t("report.source.registry"))
                flags.append(self.f.t("report.flag.filled"))
                continue
            if (code, col) in L.from_text:
                flags.append(self.f.t("report.flag.from-text"))
            value = None
            for key in (f"sumber_{col}", "sumber"):
                v = row.get(key)
                if not _nan(v) and str(v).strip():
                    value = str(v).strip()
                    if key == "sumber" and not region_wide:
                        value = self.f.t("report.source.region-wide")
                    break
            if value is None:
                column = self.rub.columns.get(col)
                if column is not None and column.source is not None:
                    value = self.f.t("report.source.expected", source=column.source.get(self.lang))
            if value:
                found.append(value)
        for key, flag in (("imputed", "report.flag.imputed"), ("winsorised", "report.flag.winsorised")):
            if (code, ind.id) in L.marks.get(key, ()):
                flags.append(self.f.t(flag))
        unique = list(dict.fromkeys(found))
        return "; ".join(unique), tuple(dict.fromkeys(flags))

    # values -----------------------------------------------------------------------------------
    def value_cell(self, code: str, ind: Any, flags: tuple[str, ...] = ()) -> Cell:
        v = _num(self.L.values[code].get(ind.id))
        grade = self.grade_word(ind, self.L.display.get(code, {}).get(ind.id))
        if v is None:
            return Cell(None, "–", flags=flags + (self.f.t("report.flag.missing"),))
        text = self.f.raw(v)
        if grade and grade != text:
            text = f"{grade} ({text})"
        unit = self.unit_of(ind)
        if unit:
            text = f"{text}{unit}" if unit == "%" else f"{text} {unit}"  # 48,9% (CLDR: no space in id or en)
        return Cell(v, text, flags=flags)

    def unit_of(self, ind: Any) -> str:
        unit_key = kind_of(ind).unit_key
        if unit_key is not None:
            return self.f.t(unit_key) if unit_key else ""
        if ind.column and ind.column in self.rub.columns:
            unit = self.rub.columns[ind.column].unit
            return "" if unit is None or unit.id in ("Rp",) else unit.get(self.lang)
        return ""

    # sections ---------------------------------------------------------------------------------
    def build(self) -> ReportModel:
        f, r, focus = self.f, self.r, self.focus
        score = _num(r.overall[focus])
        rank = _int(r.ranks.at[focus, "overall"])
        grade = r.grades.at[focus, "overall"]
        cov = _num(r.coverage[focus])
        labels = {k: f.t(f"report.label.{k}") for k in LABEL_KEYS}
        title = f.t("report.title", region=self.name(focus))
        year = r.year if r.year is not None else "–"
        subtitle = f.t("report.subtitle" if r.year is not None else "report.subtitle-noyear", rubric=self.rub.name.get(self.lang), version=self.rub.version,
                       year=year, peers=self.peer_label(), n=self.n)
        headline = f.t("report.headline" if self.grade_label(grade) != "–" else "report.headline-nograde",
                       region=self.name(focus), rank=rank if rank else "–", n=self.n_ranked,
                       score=f.n(score, 1), grade=self.grade_label(grade))
        if self.scale is not None and self.scale.relative:
            headline = f.t("report.headline-relative", region=self.name(focus), rank=rank if rank else "–",
                           n=self.n_ranked, peers=self.peer_label(), score=f.n(score, 1), band=self.grade_label(grade))
        if not self.rated and self.not_comparable:
            headline = f.t("report.headline-not-comparable", region=self.name(focus), pct=i18n.percent(cov, f.lang),
                           peers=self.peer_label())
        elif not self.rated:
            headline = f.t("report.headline-not-rated", region=self.name(focus), pct=i18n.percent(cov, f.lang),
                           min=i18n.percent(self.rub.missing.min_coverage, f.lang))
        from scorecard.judgement import band_heading

        facts = [
            Fact(f.t("report.fact.rank"), f"{rank}/{self.n_ranked}" if rank else "–", rank, "rank"),
            Fact(f.t("report.fact.score"), f.n(score, 1) if self.rated else self.not_rated_text(), score, "score"),
            Fact(band_heading(self.rub, self.lang), self.grade_label(grade), None if _nan(grade) else str(grade)),
            Fact(f.t("report.fact.peers"), self.peer_label()),
            Fact(f.t("report.fact.coverage"), i18n.percent(cov, f.lang), cov, "percent"),
        ]
        if not self.has_bands():
            del facts[2]  # a rubric without grades (the village example): no "Predikat –" card
        absolute = self.absolute_reference()
        if absolute:
            facts.append(Fact(f.t("report.fact.absolute"), absolute, None, "absolute"))
        trend = _trend(self.a.trends, focus)
        if trend is not None:
            prev, change, rank_change = trend
            moved = ("report.trend.rank-up" if (rank_change or 0) > 0 else
                     "report.trend.rank-down" if (rank_change or 0) < 0 else "report.trend.rank-same")
            facts.insert(2, Fact(f.t("report.fact.change", year=prev),
                                 f.t("report.trend.text", change=f.signed(change).text,
                                     rank=f.t(moved, n=abs(int(rank_change or 0)))), change, "delta"))
        unc = _uncertainty(self.a.uncertainty, focus)
        if unc is not None:
            med, lo, hi = unc
            facts.insert(1, Fact(f.t("report.fact.rank-interval"),
                                 f.t("report.rank-interval", median=f.n(med, 0), lo=f.n(lo, 0), hi=f.n(hi, 0)),
                                 med, "rank"))
        weak = self.weak_areas()
        # leadership sees whole dimensions first, then single indicators, in the recommender's order
        # the three weakest areas as the recommender computed them once (Recommendation.weakest),
        # so the summary, the Excel summary, the CLI and the brief name the same three
        chosen = tuple(getattr(self.rec, "weakest", ()) or ()) if self.rec is not None else ()
        if chosen:
            at = {w["id"]: i for i, w in enumerate(weak)}
            picked = [at[a] for a in chosen if a in at]
        else:  # no recommendation (peer medians only): the first three in their order
            picked = list(range(min(3, len(weak))))
        weakest = tuple(Fact(weak[i]["name"], f.t("report.weak-line", score=f.n(weak[i]["score"], 1),
                                                  gap=f.n(weak[i]["gap"], 1), benchmark=f.n(weak[i]["benchmark"], 1)),
                             weak[i]["score"], "score", f"weak-{i}" if i < MAX_SECTIONS else "other-weak")
                        for i in picked)
        trip, trip_empty = self.trip()
        if not self.rated:  # issue 13: no weak area, trip or host role for a region not yet rated
            weak, weakest, trip, trip_empty = [], (), (), f.t("report.not-rated.trip")
        charts = (self.radar(), self.bar())
        model = ReportModel(
            lang=self.lang, labels=labels, title=title, subtitle=subtitle, focus=focus,
            focus_name=self.name(focus), headline=headline, facts=tuple(facts), weakest=weakest,
            trip=trip, trip_empty=trip_empty, dimension_table=self.graded_only(self.dimension_table()), ranking=self.graded_only(self.ranking()),
            charts=charts, weak_sections=tuple(self.weak_section(i, w) for i, w in enumerate(weak[:MAX_SECTIONS])),
            other_weak=self.other_weak(weak[MAX_SECTIONS:]), can_host=self.can_host(), score_range=(self.lo, self.hi),
            strengths=self.strengths_table(), indicator_detail=self.indicator_detail(),
            method_text=self.method_text(), method_tables=self.method_tables(), notes=self.notes(),
            recommendations=self.recommendation_table(), trip_notes=self.trip_notes(),
            sheets=self.excel_sheets() if self.full else self.focus_sheets(),
            warnings=self.warnings(), missing_inputs=None if self.rated else self.missing_inputs(), rated=self.rated,
        )
        if not self.rated:
            model = dataclasses.replace(model, can_host=None, trip_notes=())
        return model

    def focus_sheets(self) -> dict[str, Table]:
        """The workbook of one region of ``report --all``: its own indicators, its source once."""
        sheets = {"indicators": self.indicator_detail(excel=True)}
        sources = self.region_sources([self.focus])
        if sources is not None:
            sheets["sources"] = sources
        return sheets

    def excel_sheets(self) -> dict[str, Table]:
        sheets = {"dimensions": self.graded_only(self.dimension_matrix()), "indicators": self.indicator_long()}
        sources = self.region_sources()
        if sources is not None:
            sheets["sources"] = sources
        return sheets

    # honest numbers (issue 13) ------------------------------------------------------------------
    @property
    def rated(self) -> bool:
        status = self.r.status
        return status is None or self.focus not in status.index or status[self.focus] == "ok"

    @property
    def not_comparable(self) -> bool:
        status = getattr(self.r, "status", None)
        return status is not None and self.focus in status.index and status[self.focus] == "not-comparable"

    def not_rated_text(self) -> str:
        from scorecard.view import not_rated_text

        status = getattr(self.r, "status", None)
        return not_rated_text(self.r.coverage[self.focus], self.lang,
                              None if status is None else str(status.get(self.focus)))

    def warnings(self) -> tuple[str, ...]:
        """Small peer group (fragile ranks, a wider group suggested) and what the scores are relative to."""
        from scorecard.judgement import scores_are_relative, small_group_warning, small_groups

        out = [small_group_warning(self.r, g, n, self.lang) for g, n in small_groups(self.r).items()
               if g == str(self.group)]
        if scores_are_relative(self.rub):
            out.append(self.f.t(relative_note_key(self.rub), peers=self.peer_label()))
        return tuple(out)

    def absolute_reference(self) -> str | None:
        """Official grades and national medians beside the relative rank (issue 13 point 2)."""
        from scorecard.judgement import national_median_texts, official_grade_texts

        parts = official_grade_texts(self.r, self.focus, self.lang) + national_median_texts(self.r, self.focus, self.lang)
        return " · ".join(parts) or None

    def missing_inputs(self) -> Table | None:
        """For a region not yet rated: every indicator without a value, the workbook column(s) to
        fill and where the figure is found (the source column of the Petunjuk sheet)."""
        f, rub = self.f, self.rub
        cols = (Column("indicator", f.t("report.not-rated.col.indicator")),
                Column("column", f.t("report.not-rated.col.column")),
                Column("source", f.t("report.not-rated.col.source")),
                Column("weight", f.t("report.not-rated.col.weight"), "percent"))
        rows = []
        reg = self.r.tables.regions if self.r.tables is not None else self.r.regions
        for ind in rub.indicators:
            if _num(self.r.values.at[self.focus, ind.id]) is not None:
                continue
            kind = kind_of(ind)
            if kind.sheet and kind.missing_key:
                where, source = kind.sheet, f.t(kind.missing_key)
            else:
                blank = [c for c in ind.columns if c not in reg.columns or _nan(reg.at[self.focus, c])] or list(ind.columns)
                where = ", ".join(self.column_label(c) for c in blank)
                source = "; ".join(dict.fromkeys(src.get(self.lang) for c in blank if c in rub.columns
                                                 for src in (rub.columns[c].source,) if src is not None)) or "–"
            w = self.eff_w.get(ind.id)
            rows.append(Row((f.text(ind.name.get(self.lang)), f.text(where), f.text(source), f.pct(w)), code=ind.id))
        if not rows:
            return None
        return Table("missing-inputs", f.t("report.not-rated.title"), cols, tuple(rows))

    def weak_areas(self) -> list[dict[str, Any]]:
        """Weak areas from the recommendation, or (without one) the dimensions furthest below the
        peer median."""
        out: list[dict[str, Any]] = []
        if self.rec is not None:
            for w in self.rec.weak_areas:
                out.append({
                    "id": w.area_id, "level": w.level,
                    "name": self.area_name(w.area_id, w.name),
                    "score": _num(w.focus_score), "benchmark": _num(w.benchmark), "gap": _num(w.gap),  # behind by
                    "rank": _int(w.rank), "grade": w.grade,
                    "next_grade": w.next_grade,
                    "to_next": _num(w.distance_to_next),
                    "impact": _num(w.impact),
                    "indicators": tuple(w.indicators),
                    "reasons": tuple(_render(x, self.lang) for x in w.reasons),
                })
            return out
        for dim_id in self.cmp.below_median[:3]:  # furthest below the peer median first
            d, st = self.rub.dimension(dim_id), self.cmp.dimensions[dim_id]
            out.append({"id": d.id, "level": "dimension", "name": self.dim_name(d), "score": st.score,
                        "benchmark": st.median, "gap": -(st.gap_median or 0.0), "rank": st.rank,
                        "grade": self.r.grades.at[self.focus, d.id], "next_grade": None, "to_next": None,
                        "impact": None, "indicators": tuple(i.id for i in d.indicators), "reasons": ()})
        return out

    def other_weak(self, rest: list[dict[str, Any]]) -> Table | None:
        if not rest:
            return None
        f = self.f
        cols = (Column("area", f.t("report.col.area")), Column("score", f.t("report.col.score"), "score"),
                Column("benchmark", f.t("report.fact.benchmark"), "score"), Column("gap", f.t("report.fact.gap"), "delta"),
                Column("host", f.t("report.col.best-host")))
        rows = []
        for w in rest:
            cands = self.candidates_of(w["id"])
            hn = self.name(cands[0].code) if cands and cands[0].code in self.L.regions else (cands[0].name if cands else "")
            host = f"{hn} ({f.n(cands[0].score, 1)})" if cands else "–"
            rows.append(Row((f.text(w["name"]), f.heat(w["score"], self.lo, self.hi), f.score(w["benchmark"]),
                             f.score(w["gap"]), f.text(host)), code=w["id"]))
        return Table("other-weak", f.t("report.section.other-weak"), cols, tuple(rows), heatmap=True)

    def can_host(self) -> str | None:
        areas = tuple(self.rec.can_host) if self.rec is not None else ()
        if not areas:
            return None
        return self.f.t("report.can-host", region=self.name(self.focus),
                        areas=", ".join(self.area_name(a) for a in areas))

    def candidates_of(self, area_id: str) -> tuple[Any, ...]:
        if self.rec is None:
            return ()
        return tuple(self.rec.candidates.get(area_id, ()) or ())

    def trip(self) -> tuple[tuple[TripStop, ...], str | None]:
        f = self.f
        if self.rec is None:
            return (), f.t("report.trip.unavailable")
        stops = []
        for stop in self.rec.trip:
            areas = ", ".join(self.area_name(a) for a in stop.areas)
            dist = None
            for area in stop.areas:
                for c in self.candidates_of(area):
                    if c.code == stop.code and _num(c.distance_km) is not None:
                        dist = i18n.km(float(c.distance_km), self.lang)
                        break
                if dist:
                    break
            reasons = [_render(x, self.lang) for x in stop.reasons]
            alts = stop.alternatives
            if alts:
                reasons.append(i18n.t("rec.trip.alternatives", self.lang, names=", ".join(self.name(c) for c, _ in alts)))
            stops.append(TripStop(name=self.name(stop.code) if stop.code in self.r.regions.index else str(stop.name),
                                  code=stop.code, areas=areas, reasons=tuple(reasons), distance=dist))
        return tuple(stops), (None if stops else f.t("report.trip.none"))

    def trip_notes(self) -> tuple[str, ...]:
        """Hosts left out of the plan because their stop adds too little, and how the plan compares
        with the visit reported in the news (scorecard.recommend.news_check)."""
        if self.rec is None:
            return ()
        out = [_render(x, self.lang) for x in self.rec.dropped_stops]
        news = self.rec.news
        if news is not None:
            out.append(_render(news, self.lang))
        return tuple(out)

    def hosts(self) -> list[str]:
        codes: list[str] = []
        if self.rec is not None:
            codes = [s.code for s in self.rec.trip]
            if not codes:
                for cands in self.rec.candidates.values():
                    codes += [c.code for c in cands[:1]]
        return [c for c in dict.fromkeys(codes) if c in self.r.dimension_scores.index][:3]

    def radar(self) -> Chart:
        f, ds = self.f, self.r.dimension_scores
        labels = tuple(self.dim_name(d) for d in self.dims)
        series = [Series(self.name(self.focus), tuple(_num(ds.at[self.focus, d.id]) for d in self.dims), "focus")]
        for code in self.hosts():
            series.append(Series(self.name(code), tuple(_num(ds.at[code, d.id]) for d in self.dims), "host"))
        series.append(Series(f.t("report.series.median"), tuple(self.cmp.dimensions[d.id].median for d in self.dims), "median"))
        desc = "; ".join(f"{s.name}: " + ", ".join(f"{lab} {f.n(v, 1)}" for lab, v in zip(labels, s.values))
                         for s in series)
        return Chart("radar", "radar", f.t("report.chart.radar"), labels, tuple(series), desc,
                     range=(self.lo, self.hi))

    def bar(self) -> Chart:
        f = self.f
        order = [c for c in self.members if _num(self.r.overall[c]) is not None]
        labels = tuple(self.name(c) for c in order)
        values = tuple(_num(self.r.overall[c]) for c in order)
        hi_idx = order.index(self.focus) if self.focus in order else None
        desc = f.t("report.chart.bar.desc", region=self.name(self.focus), rank=_int(self.r.ranks.at[self.focus, "overall"]) or "–",
                   n=self.n, best=labels[0] if labels else "–", best_score=f.n(values[0] if values else None, 1))
        return Chart("bar", "bar", f.t("report.chart.bar"), labels,
                     (Series(f.t("report.series.overall"), values, "other"),), desc, highlight=hi_idx,
                     range=(self.lo, self.hi))

    def has_bands(self) -> bool:
        """Whether the rubric bands its dimension and overall scores (``scoring.scale``). Without
        (the village example) the page shows no grade card and no grade column: they would say "–"
        for every region. With a scale, a "–" (not rated) says something and stays."""
        from scorecard.judgement import scoring_scale

        return scoring_scale(self.rub) is not None

    def graded_only(self, table: Table) -> Table:
        """``table`` without its band columns ("grade"; "g_<dimension>" in the Excel workbook's
        dimension sheet) when the rubric has no band scale (:meth:`has_bands`): the page and the
        workbook follow the same rule."""
        return graded_only(table, self.rub)

    def dimension_table(self) -> Table:
        f, r, ds = self.f, self.r, self.r.dimension_scores
        cols: tuple[Column, ...] = (Column("dim", f.t("report.col.dimension")), Column("weight", f.t("report.col.weight"), "percent"),
                Column("score", f.t("report.col.score"), "score"), Column("rank", f.t("report.col.rank"), "rank"),
                Column("grade", _band_heading(self.rub, self.lang)), Column("median", f.t("report.col.peer-median"), "score"),
                Column("gap_median", f.t("report.col.gap-median"), "delta"),
                Column("best", f.t("report.col.best-peer")), Column("gap_best", f.t("report.col.gap-best"), "delta"))
        trends = {d.id: _trend(self.a.trends, self.focus, d.id) for d in self.dims}
        with_trend = any(v is not None for v in trends.values())
        if with_trend:
            prev_year = next(v[0] for v in trends.values() if v is not None)
            cols += (Column("change", f.t("report.col.change", year=prev_year), "delta"),)
        total = sum(d.weight for d in self.dims) or 1.0
        rows = []
        for d in self.dims:
            s = _num(ds.at[self.focus, d.id])
            med = self.cmp.dimensions[d.id].median
            bcode, bval = self.cmp.dimensions[d.id].best_peer()
            rows.append(Row((
                f.text(self.dim_name(d)), f.pct(d.weight / total), f.heat(s, self.lo, self.hi),
                f.rank(r.ranks.at[self.focus, d.id], self.n_ranked), f.text(self.grade_label(r.grades.at[self.focus, d.id])),
                f.score(med), f.signed(None if s is None or med is None else s - med),
                f.text(f"{self.name(bcode)} ({f.n(bval, 1)})" if bcode else "–"),
                f.signed(None if s is None or bval is None else s - bval),
            ) + ((f.signed(t[1] if (t := trends[d.id]) else None),) if with_trend else ()), code=d.id))
        return Table("dimensions", f.t("report.section.dimensions"), cols, tuple(rows), heatmap=True)

    def ranking(self) -> Table:
        f, r = self.f, self.r
        cols = [Column("rank", f.t("report.col.rank"), "rank"), Column("region", f.t("report.col.region")),
                Column("code", f.t("report.col.code")), Column("type", f.t("report.col.type")),
                Column("province", f.t("report.col.province")), Column("score", f.t("report.col.score"), "score"),
                Column("grade", _band_heading(self.rub, self.lang)), Column("coverage", f.t("report.col.coverage"), "percent")]
        cols += [Column(f"dim_{d.id}", label, "score") for d, label in zip(self.dims, self.short_dim_names())]
        rows = []
        L = self.L
        key = ("ranking", self.lang, self.group)
        cached = L.cache.get(key)
        if cached is None:  # the same for every region of the group: built once per batch
            from scorecard.view import not_rated_text as not_rated

            status = r.status
            cached = []
            for code in self.members:
                reg = L.regions[code]
                tipe = reg.get("tipe")
                rated = status is None or status[code] == "ok"
                cells = [f.rank(L.ranks[code]["overall"]), f.text(reg["name"]), f.text(code),
                         f.text(self.f.t(f"report.type.{tipe}") if i18n.has(f"report.type.{tipe}") else tipe),
                         f.text(reg.get("provinsi")),
                         f.heat(L.overall[code], self.lo, self.hi) if rated else f.text(not_rated(L.coverage[code], self.lang, str(status[code]))),
                         f.text(self.grade_label(L.grades[code]["overall"])), f.pct(L.coverage[code])]
                cells += [f.heat(L.dim_scores[code][d.id], self.lo, self.hi) for d in self.dims]
                cached.append((code, tuple(cells)))
            L.cache[key] = cached
        for code, cells in cached:
            rows.append(Row(cells, code=code, highlight=code == self.focus))
        return Table("ranking", f.t("report.section.ranking"), tuple(cols), tuple(rows),
                     note=f.t("report.ranking.note"), sortable=True, heatmap=True)

    def indicator_rows(self, code: str, ids: Iterable[str] | None = None) -> list[tuple[Any, Any]]:
        wanted = set(ids) if ids is not None else None
        return [(d, ind) for d in self.dims for ind in d.indicators if wanted is None or ind.id in wanted]

    def weak_section(self, i: int, w: dict[str, Any]) -> WeakSection:
        f, r = self.f, self.r
        facts = [Fact(f.t("report.col.score"), f.n(w["score"], 1), w["score"], "score"),
                 Fact(f.t("report.fact.benchmark"), f.n(w["benchmark"], 1), w["benchmark"], "score"),
                 Fact(f.t("report.fact.gap"), f.n(w["gap"], 1), w["gap"], "score")]
        if w["rank"] is not None:
            facts.append(Fact(f.t("report.col.rank"), f"{w['rank']}/{self.n_ranked}", w["rank"], "rank"))
        if w.get("next_grade") and w.get("to_next") is not None:  # in words: "naikkan di atas 60" (issue 13)
            facts.append(Fact(f.t("report.fact.next-grade"), self.next_grade_words(w)))
        cols = (Column("indicator", f.t("report.col.indicator")), Column("value", f.t("report.col.value"), "number"),
                Column("score", f.t("report.col.score"), "score"), Column("median", f.t("report.col.peer-median"), "score"),
                Column("best", f.t("report.col.best-peer")))
        rows = []
        for d, ind in self.indicator_rows(self.focus, w["indicators"]):
            s = _num(r.indicator_scores.at[self.focus, ind.id])
            bcode, bval = self.cmp.indicators[ind.id].best_peer()
            rows.append(Row((f.text(ind.name.get(self.lang)), self.value_cell(self.focus, ind, self.source_of(self.focus, ind)[1]),
                             f.heat(s, self.lo, self.hi), f.score(self.cmp.indicators[ind.id].median),
                             f.text(f"{self.name(bcode)} ({f.n(bval, 1)})" if bcode else "–")), code=ind.id))
        ind_table = Table(f"weak-{i}-indicators", f.t("report.weak.indicators"), cols, tuple(rows), heatmap=True)
        cands = self.candidates_of(w["id"])
        cand_table = None
        if cands:
            ccols = (Column("host", f.t("report.col.host")), Column("score", f.t("report.col.area-score"), "score"),
                     Column("gap", f.t("report.col.lead"), "delta"), Column("distance", f.t("report.col.distance"), "km"),
                     Column("reasons", f.t("report.col.reasons")))
            crow = []
            for c in cands:
                reasons = "; ".join(_render(x, self.lang) for x in c.reasons)
                name = self.name(c.code) if c.code in self.L.regions else str(c.name)  # outside the group
                if c.best:
                    name = f.t("report.host.best", name=name)
                crow.append(Row((f.text(name), f.score(c.score),
                                 f.signed(c.gap), f.km(c.distance_km),
                                 f.text(reasons)), code=c.code))
            cand_table = Table(f"weak-{i}-hosts", f.t("report.weak.hosts"), ccols, tuple(crow))
        no_cands = None if cands else f.t("report.weak.no-hosts" if self.rec is not None else "report.trip.unavailable")
        tr = self.rec.tradeoffs.get(w["id"]) if self.rec is not None else None
        return WeakSection(f"weak-{i}", f.t("report.weak.title", n=i + 1, area=w["name"]), tuple(facts),
                           w["reasons"], ind_table, cand_table, no_cands,
                           tradeoff=_render(tr, self.lang) if tr is not None else None,
                           criteria=self.criteria_table(i, cands))

    def next_grade_words(self, w: dict[str, Any]) -> str:
        from types import SimpleNamespace

        from scorecard.recommend import next_grade_reason

        level = w.get("level", "dimension")
        value = _num(self.r.values.at[self.focus, w["id"]]) if level == "indicator" else w.get("score")
        if value is None:
            return str(w["next_grade"])
        area: Any = SimpleNamespace(id=w["id"], level=level)
        return next_grade_reason(self.rub, area, w.get("grade"), str(w["next_grade"]), float(value)).render(self.lang)

    def criteria_table(self, i: int, cands: tuple[Any, ...]) -> Table | None:
        """Each shown host's total, match score, robustness and criteria (0..1): how it was chosen."""
        if not cands or not any(c.criteria for c in cands):
            return None
        f = self.f
        keys = [k for k in ("excellence", "gap", "transferability", "evidence", "improvement", "travel")
                if any(k in c.criteria for c in cands)]
        cols = [Column("host", f.t("report.col.host")), Column("total", f.t("report.col.total"), "number"),
                Column("match", f.t("report.col.host-match"), "number"),
                Column("robust", f.t("report.col.robust"), "percent")]
        cols += [Column(f"c_{k}", f.t(f"rec.criterion.{k}"), "number") for k in keys]
        rows = []
        for c in cands:
            crit = c.criteria
            rob = c.robust
            cells = [f.text(self.name(c.code)), f.text(f.n(c.total, 2)),
                     f.text(f.n(c.match, 2) if c.match is not None else "–"),
                     f.pct(rob)]
            cells += [f.text(f.n(crit.get(k), 2) if k in crit else "–") for k in keys]
            rows.append(Row(tuple(cells), code=c.code))
        return Table(f"weak-{i}-criteria", f.t("report.weak.criteria"), tuple(cols), tuple(rows),
                     note=f.t("report.weak.criteria-note"))

    def strengths_table(self) -> Table:
        f, cmp = self.f, self.cmp
        cols = (Column("kind", f.t("report.col.group")), Column("indicator", f.t("report.col.indicator")),
                Column("score", f.t("report.col.score"), "score"), Column("rank", f.t("report.col.rank"), "rank"))
        rows = []
        for label, ids in ((f.t("report.strength.top"), cmp.strongest), (f.t("report.strength.bottom"), cmp.weakest)):
            for ind_id in ids:
                ind = self.rub.indicator(ind_id)
                st = cmp.indicators[ind_id]
                rows.append(Row((f.text(label), f.text(ind.name.get(self.lang)), f.heat(st.score, self.lo, self.hi),
                                 f.rank(st.rank, self.n)), code=ind_id))
        return Table("strengths", f.t("report.section.strengths"), cols, tuple(rows), heatmap=True)

    def indicator_detail(self, excel: bool = False) -> Table:
        """The focus region's indicators (the page's table). ``excel``: the workbook's variant of
        ``report --all``: the region's own source said once on the Sources sheet, each value with
        its indicator's number format (value_decimals)."""
        f, r = self.f, self.r
        cols: tuple[Column, ...] = (Column("dimension", f.t("report.col.dimension")), Column("indicator", f.t("report.col.indicator")),
                Column("value", f.t("report.col.value"), "number"), Column("score", f.t("report.col.score"), "score"),
                Column("median", f.t("report.col.peer-median"), "score"), Column("weight", f.t("report.col.eff-weight"), "percent"),
                Column("source", f.t("report.col.source")))
        # the workbook stores the value as a number, so its grade (SAKIP "BB") gets its own column,
        # as on the all-regions Indicators sheet (the page shows "BB (79,8)" in one cell)
        graded = excel and self.indicators_graded()
        if graded:
            cols = cols[:3] + (Column("grade", f.t("report.col.grade")),) + cols[3:]
        rows = []
        for d, ind in self.indicator_rows(self.focus):
            source, flags = self.source_of(self.focus, ind, region_wide=not excel)
            value = self.value_cell(self.focus, ind, flags)
            if excel and _num(value.value) is not None:
                value = dataclasses.replace(value, decimals=value_decimals([value.value], kind_of(ind).family == "ratio"),
                                            unit=self.unit_of(ind))
            grade = (f.text(self.grade_word(ind, self.L.display.get(self.focus, {}).get(ind.id)) or ""),) if graded else ()
            rows.append(Row((f.text(self.dim_name(d)), f.text(ind.name.get(self.lang)),
                             value) + grade + (
                             f.heat(r.indicator_scores.at[self.focus, ind.id], self.lo, self.hi),
                             f.score(self.cmp.indicators[ind.id].median), f.pct(self.eff_w.get(ind.id)),
                             f.text(source)), code=ind.id))
        return Table("indicators", f.t("report.section.indicators"), cols, tuple(rows),
                     note=f.t("report.indicators.note"), heatmap=True)

    def indicator_long(self) -> Table:
        """Every region of the peer group × every indicator (for the Excel workbook). The indicator's
        id (for filters and lookups) is the last column, left off the printed page: on paper the
        name says it, and the name and the figures share the first slice with room for the whole
        name (the id between them had the name wrap its last word alone onto a second line)."""
        f, r = self.f, self.r
        cols: tuple[Column, ...] = (Column("code", f.t("report.col.code")), Column("region", f.t("report.col.region")),
                Column("dimension", f.t("report.col.dimension")),
                Column("indicator", f.t("report.col.indicator")), Column("value", f.t("report.col.value"), "number"),
                Column("grade", f.t("report.col.grade")), Column("score", f.t("report.col.score"), "score"),
                Column("source", f.t("report.col.source")), Column("flags", f.t("report.col.flags")),
                Column("indicator_id", f.t("report.col.indicator-id")))
        graded = self.indicators_graded()
        if not graded:  # no indicator reads a grade (SAKIP, WTP ...): no column of blanks
            cols = tuple(c for c in cols if c.key != "grade")
        rows = []
        # one format per indicator (value_decimals), the same on every region's row
        fmt = {ind.id: (value_decimals((self.L.values[c].get(ind.id) for c in self.members),
                                       kind_of(ind).family == "ratio"), self.unit_of(ind))
               for ind in self.rub.indicators}
        for code in self.members:
            for d, ind in self.indicator_rows(code):
                # the region's own source is said once, on the Sources sheet (region_sources)
                source, flags = self.source_of(code, ind, region_wide=False)
                v = _num(self.L.values[code].get(ind.id))
                decimals, unit = fmt.get(ind.id, (None, ""))
                text = self.f.n(v, decimals) if v is not None else "–"
                if v is not None and unit:
                    text = f"{text}{unit}" if unit == "%" else f"{text} {unit}"
                marks = flags + (() if v is not None else (f.t("report.flag.missing"),))
                grade = (f.text(self.grade_word(ind, self.L.display.get(code, {}).get(ind.id)) or ""),) if graded else ()
                rows.append(Row((f.text(code), f.text(self.name(code)), f.text(self.dim_name(d)),
                                 f.text(ind.name.get(self.lang)), Cell(v, text, decimals=decimals, unit=unit)) + grade
                                + (f.score(self.L.ind_scores[code].get(ind.id)), f.text(source),
                                   f.text(", ".join(marks)), f.text(ind.id)), code=code, highlight=code == self.focus))
        return Table("indicator-long", f.t("report.section.indicators-all"), cols, tuple(rows))

    def region_sources(self, codes: Iterable[str] | None = None) -> Table | None:
        """Each region's own source (the workbook's ``sumber`` column), said once here rather than
        on each of its rows of the Indicators sheet; None when no region has one. ``codes``: these
        regions (default: the peer group)."""
        f = self.f
        found = [(code, self.region_source(code)) for code in (self.members if codes is None else codes)]
        if not any(src for _, src in found):
            return None
        cols = (Column("code", f.t("report.col.code")), Column("region", f.t("report.col.region")),
                Column("source", f.t("report.col.region-source")))
        rows = tuple(Row((f.text(code), f.text(self.name(code)), f.text(src or "–")), code=code,
                         highlight=code == self.focus) for code, src in found)
        return Table("region-sources", f.t("report.section.region-sources"), cols, rows,
                     note=f.t("report.region-sources.note"))

    def indicators_graded(self) -> bool:
        """Whether any indicator of the rubric reads a column with a grade scale (SAKIP's AA ... D, a
        BPK opinion): the workbook's indicator sheet has a grade column only then. This is the
        indicators' own grade, not the band of a dimension score (:meth:`has_bands`)."""
        return any(ind.column and ind.column in self.rub.columns and self.rub.columns[ind.column].scale
                   for ind in self.rub.indicators)

    def dimension_matrix(self) -> Table:
        f, r = self.f, self.r
        cols = [Column("code", f.t("report.col.code")), Column("region", f.t("report.col.region"))]
        for d in self.dims:
            cols += [Column(f"s_{d.id}", f.t("report.col.dim-score", dim=self.dim_name(d)), "score"),
                     Column(f"r_{d.id}", f.t("report.col.dim-rank", dim=self.dim_name(d)), "rank"),
                     Column(f"g_{d.id}", f.t("report.col.dim-position" if self.scale is not None and self.scale.relative
                                                       else "report.col.dim-grade", dim=self.dim_name(d)))]
        rows = []
        for code in self.members:
            cells = [f.text(code), f.text(self.name(code))]
            for d in self.dims:
                cells += [f.score(self.L.dim_scores[code][d.id]), f.rank(self.L.ranks[code][d.id]),
                          f.text(self.grade_label(self.L.grades[code][d.id]))]
            rows.append(Row(tuple(cells), code=code, highlight=code == self.focus))
        return Table("dimension-matrix", f.t("report.section.dimension-matrix"), tuple(cols), tuple(rows))

    def recommendation_table(self) -> Table:
        """Every weak area with its candidate hosts, one row per (area, host); areas without a host
        get one row with the host cells empty. For the Excel workbook."""
        f = self.f
        crit_keys: list[str] = []
        if self.rec is not None:
            crit_keys = sorted({k for cands in self.rec.candidates.values()
                                for c in cands for k in c.criteria})
        # the weak area and the host first: printed, both are repeated on every slice (which host
        # a row of reasons is about), and on screen they stay in view when scrolling right
        cols = [Column("area", f.t("report.col.area")), Column("host", f.t("report.col.host")),
                Column("level", f.t("report.col.level")),
                Column("area_score", f.t("report.col.score"), "score"),
                Column("benchmark", f.t("report.fact.benchmark"), "score"),
                Column("behind", f.t("report.fact.gap"), "delta"),
                Column("code", f.t("report.col.code")),
                Column("total", f.t("report.col.total"), "number"),
                Column("score", f.t("report.col.area-score"), "score"), Column("gap", f.t("report.col.lead"), "delta"),
                Column("distance", f.t("report.col.distance"), "km"),
                Column("match", f.t("report.col.host-match"), "number"),
                Column("robust", f.t("report.col.robust"), "percent"), Column("best", f.t("report.col.best"))]
        # the criterion values before the long reasons: printed, the numbers share a page and the
        # reasons get a page's width to themselves (fewer lines per row, fewer pages)
        cols += [Column(f"c_{k}", f.t("report.col.criterion", name=f.t(f"rec.criterion.{k}") if i18n.has(f"rec.criterion.{k}")
                                       else k), "number") for k in crit_keys]
        # the reasons in two columns — what the host achieved, and how it is like us — without the
        # figures this row already has a column for (scores, simulations, distance): one or two
        # short lines each, on screen and printed, instead of one reason of three lines
        cols += [Column("evidence", f.t("report.col.host-evidence")), Column("likeness", f.t("report.col.host-likeness"))]
        rows = []
        for w in self.weak_areas():
            level = f.text(f.t(f"report.level.{w['level']}") if i18n.has(f"report.level.{w['level']}") else w["level"])
            area = [level, f.score(w["score"]), f.score(w["benchmark"]), f.score(w["gap"])]
            cands = self.candidates_of(w["id"])
            if not cands:
                empty = [Cell(None, "")] * (len(cols) - len(area) - 2)
                rows.append(Row(tuple([f.text(w["name"]), Cell(None, "")] + area + empty), code=w["id"]))
            for c in cands:
                crit = c.criteria
                evidence, likeness = _split_reasons(c.reasons, self.lang)
                match = c.match
                # the recommender's 0-1 figures: three decimals on every row (0.667 above 1.000)
                host = self.name(c.code) if c.code in self.L.regions else str(c.name)  # outside the group: its own name
                cells = [f.text(w["name"]), f.text(host)] + area + [f.text(c.code),
                                Cell(_num(c.total), f.n(c.total, 3), decimals=3),
                                f.score(c.score), f.signed(c.gap), f.km(c.distance_km),
                                Cell(_num(match), f.n(match, 3) if match is not None else "–", decimals=3),
                                f.pct(c.robust),
                                f.text(f.t("report.yes") if c.best else "")]
                cells += [Cell(_num(crit.get(k)), f.n(crit.get(k), 3), decimals=3) for k in crit_keys]
                cells += [f.text(evidence), f.text(likeness)]
                rows.append(Row(tuple(cells), code=c.code))
        return Table("recommendations", f.t("report.section.recommendations"), tuple(cols), tuple(rows))

    def method_text(self) -> tuple[Paragraph, ...]:
        f, rub, r = self.f, self.rub, self.r
        paras = [Paragraph(f.t("report.method.rubric"),
                           f.t("report.method.rubric.text", name=rub.name.get(self.lang), id=rub.id,
                               version=rub.version,
                               description=rub.description.get(self.lang) if rub.description else "")),
                 Paragraph(f.t("report.method.scoring"),
                           f.t("report.method.scoring.text", norm=f.t(f"report.norm.{rub.scoring.normalisation}"),
                               agg=f.t(f"report.agg.{rub.scoring.aggregation}"), lo=f.n(self.lo), hi=f.n(self.hi))),
                 Paragraph(f.t("report.method.peers"),
                           f.t("report.method.peers.text", peers=self.peer_label(), n=self.n,
                               regions=", ".join(self.name(c) for c in self.members[:30])
                               + (" …" if len(self.members) > 30 else "")))]
        if rub.provenance:
            paras.append(Paragraph(f.t("report.method.provenance"), rub.provenance.get(self.lang)))
        cov = r.coverage.loc[self.members]
        full = int((cov >= 0.999999).sum())
        paras.append(Paragraph(f.t("report.method.coverage"),
                               f.t("report.method.coverage.text", full=full, n=self.n,
                                   focus=f.n((_num(cov.get(self.focus)) or 0) * 100, 0),
                                   low=f.n((_num(cov.min()) or 0) * 100, 0))))
        filled = sorted({col for code, col in r.tables.filled if code in self.member_set})
        used = {c for ind in rub.indicators for c in ind.columns}
        if filled:
            cols = ", ".join(self.column_label(c) for c in filled if c in used) or f.t("list.none")
            paras.append(Paragraph(f.t("report.method.filled"),
                                   f.t("report.method.filled.text", columns=", ".join(f"'{c}'" for c in filled),
                                       used=cols)))
        unc = self.a.uncertainty
        if unc is not None and _uncertainty(unc, self.focus) is not None:
            paras.append(Paragraph(f.t("report.method.uncertainty"),
                                   f.t("report.method.uncertainty.text", n=unc.replications,
                                       seed=unc.seed)))
        paras.append(Paragraph(f.t("report.method.median"), f.t("report.method.median.text")))
        return tuple(paras)

    def column_label(self, col: str) -> str:
        c = self.rub.columns.get(col)
        return c.label.get(self.lang) if c is not None else col

    def _norm_text(self, ind: Any, method: str) -> str:
        """The method's label; a method measured against a named region (dist2ref) names it."""
        key = f"report.norm.{method}"
        text = self.f.t(key) if i18n.has(key) else method
        spec = self.rub.normalisation_of(ind)
        ref = dict(spec.params).get("reference") if spec.method == method else None
        if ref is not None and ref in self.r.regions.index:
            text = f"{text}: {self.r.regions.at[ref, 'name']}"
        return text

    def method_tables(self) -> tuple[Table, ...]:
        f, rub = self.f, self.rub
        cols = (Column("dimension", f.t("report.col.dimension")), Column("indicator", f.t("report.col.indicator")),
                Column("kind", f.t("report.col.kind")), Column("direction", f.t("report.col.direction")),
                Column("weight", f.t("report.col.weight"), "number"), Column("eff", f.t("report.col.eff-weight"), "percent"),
                Column("norm", f.t("report.col.normalisation")), Column("data", f.t("report.col.data-source")))
        rows = []
        for d in self.dims:
            for ind in d.indicators:
                method = self.r.methods.get(ind.id, rub.normalisation_of(ind).method)
                sources = []
                for c in ind.columns:
                    col = rub.columns.get(c)
                    if col is not None:
                        sources.append(col.label.get(self.lang) + (f" — {col.source.get(self.lang)}" if col.source else ""))
                source_key = kind_of(ind).source_key
                if source_key:
                    sources.append(f.t(source_key))
                rows.append(Row((f.text(self.dim_name(d)), f.text(ind.name.get(self.lang)),
                                 f.text(f.t(kind_of(ind).label_key) if i18n.has(kind_of(ind).label_key) else ind.kind),
                                 f.text(f.t("report.dir.higher" if ind.direction > 0 else "report.dir.lower")),
                                 Cell(ind.weight, f.n(ind.weight)), f.pct(self.eff_w.get(ind.id)),
                                 f.text(self._norm_text(ind, method)), f.text("; ".join(sources))),
                                code=ind.id))
        weights = Table("weights", f.t("report.method.weights"), cols, tuple(rows))
        tables = [weights]
        scale = self.scale
        if scale is not None:
            bcols: tuple[Column, ...] = (Column("grade", f.t("report.col.grade")), Column("label", f.t("report.col.label")),
                     Column("min", f.t("report.col.min"), "number"), Column("max", f.t("report.col.max"), "number"))
            brows = tuple(Row((f.text(g.code), f.text(g.label.get(self.lang)), Cell(g.min, f.n(g.min)),
                               Cell(g.max, f.n(g.max)))) for g in scale.grades)
            if scale.relative:  # issue 13: relative bands by their words only (codes are machine ids)
                bcols = (Column("grade", _band_heading(self.rub, self.lang)),) + bcols[2:]
                brows = tuple(Row((row.cells[1],) + row.cells[2:]) for row in brows)
            tables.append(Table("bands", f.t("report.method.bands", scale=scale.name.get(self.lang)), bcols, brows,
                                note=f.t("report.method.bands.note." + ("inclusive" if scale.lower_inclusive
                                                                         else "exclusive"))))
        return tuple(tables)

    def notes(self) -> tuple[str, ...]:
        f, r = self.f, self.r
        out = list(self.warnings())  # issue 13: also in the Excel summary, which lists the notes
        if not self.rated:
            out.append(self.not_rated_text())
            table = self.missing_inputs()
            for row in table.rows if table is not None else ():
                out.append(f.t("report.not-rated.line", indicator=row.cells[0].text, column=row.cells[1].text,
                               source=row.cells[2].text))
        out += [issue.render(self.lang) for issue in r.notes]
        missing = [ind.name.get(self.lang) for ind in self.rub.indicators
                   if _num(r.values.at[self.focus, ind.id]) is None]
        if missing:
            out.append(f.t("report.note.missing", region=self.name(self.focus), indicators=", ".join(missing)))
        texts = sorted(col for code, col in r.tables.from_text if code == self.focus)
        if texts:
            out.append(f.t("report.note.from-text", region=self.name(self.focus),
                           columns=", ".join(self.column_label(c) for c in texts)))
        n_text = sum(1 for code, _ in r.tables.from_text if code in self.member_set)
        if n_text:
            out.append(f.t("report.note.from-text-all", n=n_text))
        if self.rec is not None:
            for note in self.rec.notes:
                out.append(_render(note, self.lang))
            unjudged = self.rec.unjudged
            if unjudged:
                out.append(f.t("report.note.unjudged", areas=", ".join(self.area_name(_area_id(a)) for a in unjudged)))
        return tuple(dict.fromkeys(x for x in out if x))


def _area_id(a: Any) -> str:
    return a if isinstance(a, str) else str(getattr(a, "area_id", a))


LABEL_KEYS = ("nav", "summary", "weakest", "trip", "ranking", "charts", "weak-areas", "strengths", "indicators",
              "methodology", "notes", "no-notes", "sort-hint", "focus-marker", "to-index", "heat-legend",
              "chart-alt", "skip", "index-title", "index-intro", "print-footer", "brief")


def build_report(analysis: Analysis, lang: str = "id", *, full: bool = True) -> ReportModel:
    """The report about ``analysis.focus`` in ``lang``.

    The analysis' recommendation (for the same focus) gives the weak areas and hosts; without one
    the weak areas are the dimensions furthest below the peer median and no hosts are proposed.
    ``full`` adds the all-regions tables the Excel workbook needs.
    """
    lang = i18n.normalise_lang(lang)
    focus = analysis.focus
    if focus is None or focus not in analysis.score.regions.index:
        raise KeyError(focus)
    model = _Builder(analysis, focus, lang, full).build()
    ref = analysis.reference
    if ref is not None and focus in ref:  # the national context section (scorecard.context_report)
        import dataclasses

        from scorecard.context_report import report_context

        ctx = report_context(ref, focus, analysis.recommendation, lang, analysis.similarity)
        model = dataclasses.replace(model, context=ctx, sheets={**model.sheets, **ctx.sheets})
    return model


@dataclass(frozen=True)
class IndexEntry:
    code: str
    name: str
    href: str
    rank: Cell
    score: Cell
    grade: str
    group: str


def graded_only(table: Table, rubric: Any) -> Table:
    """``table`` without its band columns ("grade", "g_<dimension>") when ``rubric`` has no band
    scale for its scores (``scoring.scale``; the village example): they would say "–" for every
    region. One rule for the page, the Excel workbook, the ``report --all`` index and ``score``'s
    table."""
    from scorecard.judgement import scoring_scale

    if scoring_scale(rubric) is not None:  # a band scale: its "–" (small group, not rated) says something
        return table
    keep = [k for k, c in enumerate(table.columns) if c.key != "grade" and not c.key.startswith("g_")]
    if len(keep) == len(table.columns):
        return table
    return dataclasses.replace(table, columns=tuple(table.columns[k] for k in keep),
                               rows=tuple(dataclasses.replace(row, cells=tuple(row.cells[k] for k in keep))
                                          for row in table.rows))


def build_index(analysis: Analysis, hrefs: dict[str, Any], lang: str = "id") -> dict[str, Any]:
    """View data for the index page of a batch run: one row per region, linking its report.

    ``hrefs`` maps a region code to its HTML report's file name, or to ``{"html": ..., "brief": ...,
    "xlsx": ..., "docx": ...}`` (the files written for it): each becomes a link in its own column. The
    title names the rubric, the province(s) and the data year."""
    from scorecard.judgement import band_text, rated_group_sizes

    result = analysis.score
    ranked = rated_group_sizes(result)  # ranks are among the rated regions (issue 13)
    lang = i18n.normalise_lang(lang)
    f = _Fmt(lang)
    lo, hi = result.rubric.scoring.range
    files = {code: (h if isinstance(h, dict) else {"html": h}) for code, h in hrefs.items()}
    kinds = [k for k in ("brief", "xlsx", "docx") if any(k in v for v in files.values())]
    provinces = sorted({str(p) for p in result.regions.get("provinsi", pd.Series(dtype=str)).dropna()
                        if str(p).strip()})
    cols: tuple[Column, ...] = (Column("rank", f.t("report.col.rank"), "rank"), Column("region", f.t("report.col.region")),
            Column("code", f.t("report.col.code")), Column("province", f.t("report.col.province")),
            Column("group", f.t("report.col.group")),
            Column("score", f.t("report.col.score"), "score"), Column("grade", _band_heading(result.rubric, lang)))
    cols += tuple(Column(f"file_{k}", f.t(f"report.index.col.{k}")) for k in kinds)
    grouped = result.peers != "all"  # one group "all": the column would say nothing
    cols = tuple(c for c in cols if (c.key != "group" or grouped) and (c.key != "province" or len(provinces) > 1))
    rows = []
    for code in result.codes:
        if code not in files:
            continue
        name = str(result.regions.at[code, "name"])
        group = result.regions.at[code, "peer_group"]
        cells = [f.rank(result.ranks.at[code, "overall"], ranked.get(str(group), result.group_sizes[group])),
                 Cell(name, name, parts=((name, files[code].get("html")),)), f.text(code)]
        if len(provinces) > 1:
            cells += [f.text(result.regions.at[code, "provinsi"] if "provinsi" in result.regions else "")]
        cells += [f.text(group)] if grouped else []
        from scorecard.judgement import band_text

        status = result.status
        if status is not None and status[code] != "ok":  # issue 13: not yet rated, no score
            from scorecard.view import not_rated_text

            cells += [f.text(not_rated_text(result.coverage[code], lang, str(status[code]))), f.text("–")]
        else:
            cells += [f.heat(result.overall[code], lo, hi),
                      f.text(band_text(result.rubric, result.grades.at[code, "overall"], lang) or "–")]
        for k in kinds:
            target = files[code].get(k)
            label = f.t(f"report.index.link.{k}")
            cells.append(Cell(target or "", label if target else "–", parts=((label, target),) if target else ()))
        rows.append(Row(tuple(cells), code=code))
    table = graded_only(Table("index", f.t("report.label.index-title"), cols, tuple(rows), sortable=True,
                              heatmap=True), result.rubric)
    if len(provinces) == 1:
        scope = provinces[0]
    elif provinces:
        scope = f.t("report.index.provinces", n=len(provinces))
    else:
        scope = f.t("peers.all")
    return {
        "lang": lang,
        # a workbook without a year column: no "data year –" in the title
        "title": f.t("report.index.title", rubric=result.rubric.name.get(lang), scope=scope, year=result.year)
        if result.year is not None else f.t("report.index.title.no-year", rubric=result.rubric.name.get(lang),
                                            scope=scope),
        "subtitle": f.t("report.index.subtitle", n=len(rows), peers=f.t(label_key(result.peers, first_code(result)))),
        "labels": {k: f.t(f"report.label.{k}") for k in LABEL_KEYS},
        "table": table,
        "warnings": _index_warnings(result, lang),
    }


def _index_warnings(result: Any, lang: str) -> list[str]:
    """Issue 13 on the index of report --all: small peer groups and what the scores are relative to."""
    from scorecard.judgement import scores_are_relative, small_group_warning, small_groups

    out = [small_group_warning(result, g, n, lang) for g, n in small_groups(result).items()]
    if scores_are_relative(result.rubric):
        out.append(i18n.t(relative_note_key(result.rubric), lang, peers=i18n.t(_pk, lang)
                          if i18n.has(_pk := label_key(result.peers, first_code(result))) else result.peers))
    return out


def _band_heading(rubric: Any, lang: str) -> str:
    from scorecard.judgement import band_heading

    return band_heading(rubric, lang)
