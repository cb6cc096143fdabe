"""The rubric: what is measured, how it is scored and graded. Built from plain data, checked whole.

A rubric is written in YAML (see ``docs/rubric.md``); :mod:`scorecard.io.rubric_file` reads the
file and hands the plain data here. :func:`build_rubric` checks *every* key and returns either a
:class:`Rubric` or all the problems at once, each with its key path (``dimensions[2].indicators[0]
.weight``) and YAML line. Nothing here touches files.
"""

from __future__ import annotations

from scorecard.issues import Phrase

import functools
import math
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Mapping

from scorecard.issues import ERROR, Issue, IssueReport, InputError
from scorecard.kinds import AWARDS, KINDS as KIND_REGISTRY, OPINIONS
from scorecard.methods import METHODS as NORMALISATION_METHODS
from scorecard.schema import ID_RE as _ID_RE, Ctx, SectionChecker, Text

if TYPE_CHECKING:  # the sections' own modules are imported only when a rubric has the section
    from scorecard.judgement import Judgement
    from scorecard.recommend_config import RecommendConfig

KINDS = tuple(KIND_REGISTRY)  # every indicator kind, from the registry in scorecard/kinds.py
COLUMN_TYPES = ("number", "integer", "percent", "grade", "text")
# every name the rubric may write comes from the registry in scorecard/normalise.py
NORMALISATIONS = tuple(NORMALISATION_METHODS)
DEFAULT_NORMALISATIONS = tuple(n for n, m in NORMALISATION_METHODS.items() if m.default_ok)
AGGREGATIONS = ("arithmetic", "geometric", "harmonic")
DIRECTIONS = {"higher": 1, "lower": -1}


@dataclass(frozen=True)
class Grade:
    """One grade of a scale (an opinion such as WTP, a SAKIP letter, a score band): its code, label, value and band."""

    code: str
    label: Text
    value: float  # the number this grade stands for when scored
    min: float | None = None  # band lower bound (exclusive unless the scale says inclusive)
    max: float | None = None  # band upper bound
    aliases: tuple[str, ...] = ()


def _norm_code(text: str) -> str:
    if isinstance(text, str):
        return _norm_str(text)
    return re.sub(r"[\s\-_.]+", " ", str(text)).strip().upper()


@functools.lru_cache(maxsize=16384)
def _norm_str(text: str) -> str:
    """Cached: called for every grade/opinion/award cell and every alias it is compared with."""
    return re.sub(r"[\s\-_.]+", " ", str(text)).strip().upper()


@dataclass(frozen=True)
class Scale:
    """A grade scale: numeric bands (SAKIP, RB, SPBE, index predicates) or ordered categories (BPK)."""

    id: str
    name: Text
    kind: str  # "bands" | "ordinal"
    grades: tuple[Grade, ...]  # best first
    lower_inclusive: bool = False
    range: tuple[float, float] | None = None
    relative: bool = False  # bands on scores relative to the peer group, not an official grade (issue 13)
    _lookup: Mapping[str, Grade] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        table: dict[str, Grade] = {}
        for g in self.grades:
            for name in (g.code, g.label.id, g.label.en, *g.aliases):
                table.setdefault(_norm_code(name), g)
        object.__setattr__(self, "_lookup", table)

    def find(self, text: str) -> Grade | None:
        """The grade written as ``text`` (code, label or alias; case and spacing ignored)."""
        return self._lookup.get(_norm_code(text))

    def band_of(self, x: float) -> Grade | None:
        """The band a numeric score falls in (bands scales only).

        With exclusive lower bounds (SAKIP, RB: "> 90 - 100") exactly 90 is A, 90.01 is AA; the
        lowest band includes its minimum. With inclusive lower bounds (SPBE: ">= 4.2") 4.2 is
        the upper band.
        """
        if self.kind != "bands" or x is None or (isinstance(x, float) and math.isnan(x)):
            return None
        last = len(self.grades) - 1
        for idx, g in enumerate(self.grades):
            if g.min is None or g.max is None:
                continue
            if self.lower_inclusive:
                ok = x >= g.min and (x <= g.max if idx == 0 else x < g.max)
            else:
                ok = (x >= g.min if idx == last else x > g.min) and x <= g.max
            if ok:
                return g
        return None

    def band_codes(self, values: Any) -> list[str | None]:
        """``band_of(x).code`` for every value at once (numpy): the same bands, edges and
        exclusivity, for the 84,000 x 6 grades of a village benchmark."""
        import numpy as np

        x = np.asarray(values, dtype=float)
        out = np.full(x.shape, None, dtype=object)
        if self.kind != "bands":
            return out.tolist()
        done = np.isnan(x)
        last = len(self.grades) - 1
        for idx, g in enumerate(self.grades):
            if g.min is None or g.max is None:
                continue
            if self.lower_inclusive:
                ok = (x >= g.min) & ((x <= g.max) if idx == 0 else (x < g.max))
            else:
                ok = ((x >= g.min) if idx == last else (x > g.min)) & (x <= g.max)
            take = ok & ~done
            out[take] = g.code
            done |= take
        return out.tolist()

    def next_up(self, grade: Grade) -> Grade | None:
        idx = self.grades.index(grade)
        return self.grades[idx - 1] if idx > 0 else None

    def codes(self) -> list[str]:
        return [g.code for g in self.grades]


@dataclass(frozen=True)
class Column:
    """A column the planner fills in the regions sheet."""

    id: str
    label: Text
    type: str
    scale: str | None = None
    min: float | None = None
    max: float | None = None
    unit: Text | None = None  # "%", "Rp", {id: tahun, en: years}
    source: Text | None = None  # where the figure is found (LKjIP, LHP BPK, …)
    required: bool = False
    description: Text | None = None


@dataclass(frozen=True)
class Normalisation:
    """How an indicator's values become 0-100 scores: the method, its goalposts and other parameters."""

    method: str = "minmax"
    min: float | None = None  # goalposts
    max: float | None = None
    params: tuple[tuple[str, Any], ...] = ()  # the method's other keys (see normalise.METHODS), e.g. reference
    where: tuple[str | None, str | None, int | None] | None = field(default=None, compare=False)  # file, key, line


@dataclass(frozen=True)
class Indicator:
    """One scored indicator: what it reads (column, ratio, streak, awards), its dimension, weight and direction."""

    id: str
    name: Text
    kind: str
    dimension: str
    weight: float = 1.0
    direction: int = 1
    column: str | None = None
    scale: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    multiplier: float = 1.0
    award_category: str | None = None
    award_window: int | None = None
    opinion: str = "WTP"
    normalisation: Normalisation | None = None  # None -> rubric default
    target: float | None = None
    description: Text | None = None
    outliers: str | None = None  # none | winsorise | log; None -> the rubric's ``outliers`` section
    path: tuple[str, ...] = ()  # sub-dimension ids between the dimension and this indicator

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c in (self.column, self.numerator, self.denominator) if c)


@dataclass(frozen=True)
class SubDimension:
    """A level between indicators and a dimension (``subdimensions:`` in the rubric; may nest)."""

    id: str
    name: Text
    weight: float
    indicators: tuple[Indicator, ...]  # every indicator below, flattened
    groups: tuple["SubDimension", ...] = ()  # deeper sub-dimensions (empty: indicators are direct children)
    description: Text | None = None


@dataclass(frozen=True)
class Dimension:
    """A dimension of the index: its weight and indicators (flattened), with its sub-dimensions if any."""

    id: str
    name: Text
    weight: float
    indicators: tuple[Indicator, ...]  # every indicator of the dimension, flattened (also below sub-dimensions)
    description: Text | None = None
    groups: tuple[SubDimension, ...] = ()  # sub-dimensions; empty when indicators are direct children


@dataclass(frozen=True)
class Node:
    """One aggregation step: ``children`` (indicator ids when ``leaf``, else node ids) -> ``id``."""

    id: str
    weight: float
    children: tuple[str, ...]
    child_weights: tuple[float, ...]
    leaf: bool
    level: str  # "subdimension" | "dimension" | "index"


MISSING_METHODS = ("exclude", "median", "mean", "worst")
OUTLIER_METHODS = ("none", "winsorise")
INDICATOR_OUTLIERS = ("none", "winsorise", "log")
UNCERTAIN_NORMALISATIONS = tuple(n for n, m in NORMALISATION_METHODS.items() if m.uncertainty_ok)
MAX_SUB_LEVELS = 4  # sub-dimension levels allowed between a dimension and its indicators


@dataclass(frozen=True)
class MissingPolicy:
    """``missing:`` — what a blank value means and how little data is too little."""

    method: str = "exclude"  # exclude (re-weight) | median | mean (of the peer group) | worst
    min_coverage: float = 0.0  # share of weight with real data below which a region is not ranked


@dataclass(frozen=True)
class OutlierPolicy:
    """``outliers:`` — COINr/JRC rule: treat when |skew| >= skew AND kurtosis >= kurtosis."""

    method: str = "none"  # none | winsorise
    max_points: int = 5
    skew: float = 2.0
    kurtosis: float = 3.5
    log_if_needed: bool = False  # still failing after max_points -> log transform instead


@dataclass(frozen=True)
class UncertaintySpec:
    """``uncertainty:`` — the analyst's real doubts, sampled by Monte Carlo."""

    weights: float = 0.25  # each weight times a uniform factor in [1 - w, 1 + w]
    normalisations: tuple[str, ...] = ()  # alternatives (empty: only the rubric's own)
    aggregations: tuple[str, ...] = ()
    drop_indicators: bool = True  # one indicator (or none) left out per replication
    replications: int = 1000
    seed: int | None = None


@dataclass(frozen=True)
class AwardCategory:
    """An award category of the awards sheet, with the other spellings it is recognised by."""

    code: str
    label: Text
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scoring:
    """The rubric-wide scoring defaults: normalisation, aggregation, grade bands and score range."""

    normalisation: str = "minmax"
    aggregation: str = "arithmetic"
    scale: str | None = None  # bands for dimension and overall scores
    range: tuple[float, float] = (0.0, 100.0)


@dataclass(frozen=True)
class Rubric:
    """A checked rubric: scales, columns, dimensions and indicators, scoring and the optional sections."""

    id: str
    version: str
    name: Text
    scales: Mapping[str, Scale]
    columns: Mapping[str, Column]
    dimensions: tuple[Dimension, ...]
    scoring: Scoring = Scoring()
    description: Text | None = None
    provenance: Text | None = None
    award_categories: tuple[AwardCategory, ...] = ()
    award_window: int = 4
    award_as_of: int | None = None
    opinion_scale: str | None = None
    opinion_as_of: int | None = None
    source: str | None = None
    missing: MissingPolicy = MissingPolicy()
    outliers: OutlierPolicy = OutlierPolicy()
    uncertainty: UncertaintySpec = UncertaintySpec()
    # the sections declared in SECTIONS (checked by their own modules); None when the rubric has none
    recommend: RecommendConfig | None = None  # ``recommend:`` (docs/recommend.md; recommend_config.config_of)
    judgement: Judgement | None = None  # ``judgement:`` (docs/methodology.md; judgement.judgement_of)
    units: str | None = None  # ``units:``, a unit list CSV relative to the rubric (docs/units.md)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for d in self.dimensions for i in d.indicators)

    def indicator(self, ind_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == ind_id:
                return ind
        raise KeyError(ind_id)

    def dimension(self, dim_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise KeyError(dim_id)

    def nodes(self) -> tuple[Node, ...]:
        """The aggregation tree bottom-up: sub-dimensions (deepest first), dimensions, then the
        index (id ``overall``). Every node is a weighted mean of its children."""
        out: list[tuple[int, Node]] = []

        def visit(item: Dimension | SubDimension, level: str) -> int:
            if item.groups:
                height = 1 + max(visit(g, "subdimension") for g in item.groups)
                node = Node(item.id, item.weight, tuple(g.id for g in item.groups),
                            tuple(g.weight for g in item.groups), False, level)
            else:
                height = 1
                node = Node(item.id, item.weight, tuple(i.id for i in item.indicators),
                            tuple(i.weight for i in item.indicators), True, level)
            out.append((height, node))
            return height

        for d in self.dimensions:
            visit(d, "dimension")
        out.sort(key=lambda hn: hn[0])  # stable: children before parents
        nodes = [n for _, n in out]
        nodes.append(Node("overall", 1.0, tuple(d.id for d in self.dimensions),
                          tuple(d.weight for d in self.dimensions), False, "index"))
        return tuple(nodes)

    def subdimensions(self) -> tuple[SubDimension, ...]:
        """Every sub-dimension, depth first."""
        out: list[SubDimension] = []

        def walk(groups: tuple[SubDimension, ...]) -> None:
            for g in groups:
                out.append(g)
                walk(g.groups)

        for d in self.dimensions:
            walk(d.groups)
        return tuple(out)

    def effective_weights(self) -> dict[str, float]:
        """Each indicator's share of the index (nominal weights, all data present); sums to 1."""
        shares: dict[str, float] = {}
        by_id = {n.id: n for n in self.nodes()}

        def down(node_id: str, share: float) -> None:
            node = by_id[node_id]
            total = sum(node.child_weights)
            for child, w in zip(node.children, node.child_weights):
                if node.leaf:
                    shares[child] = share * w / total
                else:
                    down(child, share * w / total)

        down("overall", 1.0)
        return shares

    def normalisation_of(self, ind: Indicator) -> Normalisation:
        return ind.normalisation or Normalisation(self.scoring.normalisation)

    def needs_opinions(self) -> bool:
        return any(KIND_REGISTRY[i.kind].sheet == OPINIONS for i in self.indicators)

    def needs_awards(self) -> bool:
        return any(KIND_REGISTRY[i.kind].sheet == AWARDS for i in self.indicators)

    def award_category(self, text: str) -> AwardCategory | None:
        key = _norm_code(text)
        for cat in self.award_categories:
            if key in {_norm_code(cat.code), _norm_code(cat.label.id), _norm_code(cat.label.en),
                       *(_norm_code(a) for a in cat.aliases)}:
                return cat
        return None


# ----------------------------------------------------------------------------------------------
# Building and checking


# Sections owned by later stages, declared here (not registered when a module happens to be
# imported): the section's name -> "module:function" of its checker, ``checker(value, ctx, path)``
# returning the section's typed value, kept in the :class:`Rubric` field of the same name (a new
# section is one line here plus one typed field there). The module is imported only when a rubric
# has the section, so that the rubric does not depend on the stages after it.
SECTIONS: Mapping[str, str] = {
    "recommend": "scorecard.recommend_config:check_section",  # hosts and weak areas (docs/recommend.md)
    "judgement": "scorecard.judgement:check_section",  # small groups, host rule (docs/methodology.md)
    "units": "scorecard.units:check_section",  # a unit list other than the 514 kab/kota (docs/units.md)
}


def section_checker(name: str) -> SectionChecker:
    """The checker of a section declared in :data:`SECTIONS`."""
    import importlib

    module, func = SECTIONS[name].split(":")
    found: SectionChecker = getattr(importlib.import_module(module), func)
    return found


_Ctx = Ctx  # the old private name (scorecard.schema.Ctx is the public toolkit)


_TOP_KEYS = {"id", "version", "name", "description", "provenance", "scales", "columns", "dimensions",
             "scoring", "awards", "opinions", "missing", "outliers", "uncertainty"}


def build_rubric(data: Any, *, file: str | None = None, lines: Mapping[str, int] | None = None) -> Rubric:
    """Check ``data`` (parsed YAML) and build a :class:`Rubric`; raise :class:`InputError` listing
    every problem found."""
    ctx = Ctx(file, lines or {})
    top = ctx.mapping(data, "", _TOP_KEYS | set(SECTIONS), {"id", "version", "name", "dimensions"})
    if not top:
        ctx.report.raise_if_errors()
    rid = ctx.ident(top.get("id"), "id") if "id" in top else None
    version = str(top.get("version", ""))
    name = ctx.text(top.get("name"), "name") if "name" in top else None
    description = ctx.text(top.get("description"), "description", required=False)
    provenance = ctx.text(top.get("provenance"), "provenance", required=False)

    scales = _build_scales(top.get("scales", {}), ctx)
    sense = _Sense(ctx)  # settings that parse but make no sense: checked as each part is read
    columns = _build_columns(top.get("columns", {}), ctx, scales, sense)
    awards = ctx.mapping(top.get("awards", {}), "awards", {"window_years", "as_of_year", "categories"})
    categories = _build_award_categories(awards.get("categories", []), ctx)
    award_window = awards.get("window_years", 4)
    if isinstance(award_window, bool) or not isinstance(award_window, int) or award_window < 1:
        ctx.add("wrong-type", "awards.window_years", award_window, expected=Phrase("expected.whole-number-1"))
        award_window = 4
    award_as_of = _year(awards.get("as_of_year"), "awards.as_of_year", ctx)
    opinions = ctx.mapping(top.get("opinions", {}), "opinions", {"scale", "as_of_year"})
    opinion_scale = opinions.get("scale")
    if opinion_scale is not None and opinion_scale not in scales:
        ctx.add("undeclared-scale", "opinions.scale", opinion_scale, declared=", ".join(scales) or "-")
        opinion_scale = None
    opinion_as_of = _year(opinions.get("as_of_year"), "opinions.as_of_year", ctx)

    scoring_raw = ctx.mapping(top.get("scoring", {}), "scoring", {"normalisation", "aggregation", "scale", "range"})
    aggregation = ctx.choice(scoring_raw.get("aggregation"), "scoring.aggregation", AGGREGATIONS, "arithmetic")
    default_norm = ctx.choice(scoring_raw.get("normalisation"), "scoring.normalisation",
                              DEFAULT_NORMALISATIONS, "minmax")
    scoring_scale = scoring_raw.get("scale")
    if scoring_scale is not None and scoring_scale not in scales:
        ctx.add("undeclared-scale", "scoring.scale", scoring_scale, declared=", ".join(scales) or "-")
        scoring_scale = None
    rng = scoring_raw.get("range")
    if rng is None:
        rng = (1.0, 100.0) if aggregation in ("geometric", "harmonic") else (0.0, 100.0)
    elif (not isinstance(rng, list) or len(rng) != 2
          or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in rng) or rng[0] >= rng[1]):
        ctx.add("wrong-type", "scoring.range", rng, expected=Phrase("expected.low-high-with-low-high"))
        rng = (0.0, 100.0)
    elif aggregation in ("geometric", "harmonic") and rng[0] <= 0:
        ctx.add("geometric-needs-positive", "scoring.range", rng)
    scoring = Scoring(default_norm or "minmax", aggregation or "arithmetic", scoring_scale,
                      (float(rng[0]), float(rng[1])))

    dims = _build_dimensions(top.get("dimensions"), ctx, scales, columns, categories, opinion_scale, sense)
    missing = _build_missing(top.get("missing"), ctx)
    outliers = _build_outliers(top.get("outliers"), ctx)
    uncertainty = _build_uncertainty(top.get("uncertainty"), ctx)

    sections = {name: section_checker(name)(top[name], ctx, name) for name in SECTIONS if name in top}
    sense.finish(top.get("judgement"), scoring)
    ctx.report.raise_if_errors()
    return Rubric(
        id=rid or "", version=version, name=name or Text("", ""), scales=scales, columns=columns,
        dimensions=dims, scoring=scoring, description=description, provenance=provenance,
        award_categories=categories, award_window=award_window, award_as_of=award_as_of,
        opinion_scale=opinion_scale, opinion_as_of=opinion_as_of, source=file,
        missing=missing, outliers=outliers, uncertainty=uncertainty,
        recommend=sections.get("recommend"), judgement=sections.get("judgement"), units=sections.get("units"),
    )


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None


def _blank_text(v: Any) -> bool:
    """A name that shows nothing: an empty (or blank) text, or an id/en mapping with one blank."""
    if isinstance(v, str):
        return not v.strip()
    if isinstance(v, dict):
        return any(isinstance(v.get(k), str) and not v[k].strip() for k in ("id", "en"))
    return False


class _Sense:
    """Issue 18 class 3 (QA item 12): settings that parse but make the scores mean nothing, each an
    error with its key path and line (rules and reasons in docs/rubric.md, "Settings that must make
    sense"): an empty dimension or indicator name; a ``target`` that is not above 0 or lies outside
    its column's min/max (with ``normalisation: target`` every region would score 100 or 0); a ratio
    ``multiplier`` not above 0; a ``percent`` column whose ``max`` is above 100; one column read by
    two indicators; a ``judgement.host.min_score`` outside ``scoring.range``.

    Each part is checked when the builders read it (:meth:`column`, :meth:`node`, :meth:`indicator`),
    not by a second walk over the parsed YAML; the problems are said after every other one, in
    reading order (:meth:`finish`). A part the builders do not read because of another error (a node
    with both ``indicators`` and ``subdimensions``, one nested too deep) is still checked
    (:meth:`unread`), so the same problems are said whatever else is wrong."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.found = Ctx(ctx.file, ctx.lines)  # said after the other problems
        self.first_use: dict[str, str] = {}  # column -> the indicator path that reads it first
        self.columns: Mapping[str, Column] = {}

    def column(self, cid: Any, spec: Any) -> None:
        hi = _number(spec.get("max")) if isinstance(spec, dict) else None
        if isinstance(spec, dict) and spec.get("type") == "percent" and hi is not None and hi > 100:
            self.found.add("percent-max-above-100", f"columns.{cid}.max", spec.get("max"))

    def node(self, raw: Any, path: str) -> None:
        """A dimension or sub-dimension (its children are checked as they are read)."""
        if isinstance(raw, dict) and "name" in raw and _blank_text(raw["name"]):
            self.found.add("name-empty", f"{path}.name", raw["name"])

    def indicator(self, raw: Any, path: str) -> None:
        if not isinstance(raw, dict):
            return
        add = self.found.add
        if "name" in raw and _blank_text(raw["name"]):
            add("name-empty", f"{path}.name", raw["name"])
        if raw.get("kind") == "ratio" and "multiplier" in raw:
            m = _number(raw["multiplier"])
            if m is not None and m <= 0:
                add("multiplier-not-positive", f"{path}.multiplier", raw["multiplier"])
        norm = raw.get("normalisation")
        method = norm.get("method") if isinstance(norm, dict) else norm
        target = _number(raw.get("target"))
        if method == "target" and target is not None:
            col_id = raw.get("column")
            col = self.columns.get(col_id) if isinstance(col_id, str) else None
            lo, hi = (col.min, col.max) if col is not None else (None, None)
            if target <= 0:
                add("target-not-positive", f"{path}.target", raw.get("target"))
            elif (lo is not None and target < lo) or (hi is not None and target > hi):
                add("target-outside-column", f"{path}.target", raw.get("target"),
                    column=raw.get("column"), min="-" if lo is None else lo, max="-" if hi is None else hi)
        column = raw.get("column")
        if isinstance(column, str) and raw.get("kind") not in ("streak", "awards"):
            if column in self.first_use:
                add("column-used-twice", f"{path}.column", column, first=self.first_use[column])
            else:
                self.first_use[column] = path

    def unread(self, raw: Any, path: str, keys: tuple[str, ...] = ("subdimensions", "indicators")) -> None:
        """The children (``keys``) of a node the builders do not read further, checked all the same."""
        for key in keys:
            kids = raw.get(key) if isinstance(raw, dict) else None
            for k, kid in enumerate(kids if isinstance(kids, list) else ()):
                if key == "indicators":
                    self.indicator(kid, f"{path}.{key}[{k}]")
                else:
                    self.node(kid, f"{path}.{key}[{k}]")
                    self.unread(kid, f"{path}.{key}[{k}]")

    def finish(self, judgement: Any, scoring: Scoring) -> None:
        """The host rule against the score range, then every problem found, after the others."""
        host = judgement.get("host") if isinstance(judgement, dict) else None
        if isinstance(host, dict) and "min_score" in host:
            got = _number(host["min_score"])
            lo, hi = scoring.range
            if got is not None and not lo <= got <= hi:
                self.found.add("host-min-score-outside-range", "judgement.host.min_score", host["min_score"],
                               low=lo, high=hi)
        self.ctx.report.extend(self.found.report)


def _year(value: Any, path: str, ctx: Ctx) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1945 <= value <= 2100:
        ctx.add("wrong-type", path, value, expected=Phrase("expected.a-year-such-as-2024"))
        return None
    return value


def _build_scales(raw: Any, ctx: Ctx) -> dict[str, Scale]:
    out: dict[str, Scale] = {}
    if not isinstance(raw, dict):
        ctx.add("wrong-type", "scales", raw, expected=Phrase("expected.mapping-of-scale-id-scale"))
        return out
    for sid, spec in raw.items():
        path = f"scales.{sid}"
        if ctx.ident(sid, path) is None:
            continue
        spec = ctx.mapping(spec, path, {"name", "kind", "grades", "lower_bound", "range", "source", "relative"},
                           {"name", "kind", "grades"})
        if not spec:
            continue
        name = ctx.text(spec.get("name"), f"{path}.name") or Text(sid, sid)
        ctx.text(spec.get("source"), f"{path}.source", required=False)
        kind = ctx.choice(spec.get("kind"), f"{path}.kind", ("bands", "ordinal"))
        lower = ctx.choice(spec.get("lower_bound"), f"{path}.lower_bound", ("exclusive", "inclusive"), "exclusive")
        rng = spec.get("range")
        grades: list[Grade] = []
        seen: set[str] = set()
        graw = spec.get("grades")
        if not isinstance(graw, list) or not graw:
            if "grades" in spec:
                ctx.add("wrong-type", f"{path}.grades", graw, expected=Phrase("expected.a-list-of-grades-best-first"))
            continue
        for i, g in enumerate(graw):
            gpath = f"{path}.grades[{i}]"
            g = ctx.mapping(g, gpath, {"code", "label", "min", "max", "value", "aliases"}, {"code", "label"})
            if not g:
                continue
            code = g.get("code")
            if not isinstance(code, str) or not code.strip():
                ctx.add("wrong-type", f"{gpath}.code", code, expected=Phrase("expected.text"))
                continue
            if _norm_code(code) in seen:
                ctx.add("duplicate-id", f"{gpath}.code", code)
            seen.add(_norm_code(code))
            label = ctx.text(g.get("label"), f"{gpath}.label") or Text(code, code)
            lo = ctx.number(g.get("min"), f"{gpath}.min", required=(kind == "bands"))
            hi = ctx.number(g.get("max"), f"{gpath}.max", required=(kind == "bands"))
            value = ctx.number(g.get("value"), f"{gpath}.value", required=(kind == "ordinal"))
            if value is None and lo is not None and hi is not None:
                value = (lo + hi) / 2
            aliases = g.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                ctx.add("wrong-type", f"{gpath}.aliases", aliases, expected=Phrase("expected.a-list-of-texts"))
                aliases = []
            grades.append(Grade(code.strip(), label, value if value is not None else float("nan"), lo, hi,
                                tuple(aliases)))
        check_grade_names(grades, path, ctx)  # an alias naming another grade would score as the wrong one
        if kind == "bands" and grades:
            for i in range(len(grades) - 1):
                upper, lower_g = grades[i], grades[i + 1]
                if upper.min is None or lower_g.max is None or upper.max is None or lower_g.min is None:
                    continue
                if upper.min != lower_g.max:
                    ctx.add("bands-gap", f"{path}.grades[{i + 1}].max", lower_g.max, above=upper.code,
                            expected=upper.min)
                if lower_g.min is not None and lower_g.max is not None and lower_g.min >= lower_g.max:
                    ctx.add("bands-order", f"{path}.grades[{i + 1}]", lower_g.code)
        if kind == "ordinal":
            values = [g.value for g in grades]
            if any(values[i] < values[i + 1] for i in range(len(values) - 1)):
                ctx.add("ordinal-order", f"{path}.grades", [g.code for g in grades])
        if kind is None:
            continue
        rng_t = None
        if rng is not None:
            if isinstance(rng, list) and len(rng) == 2 and all(isinstance(v, (int, float)) for v in rng):
                rng_t = check_range((float(rng[0]), float(rng[1])), f"{path}.range", ctx)
            else:
                ctx.add("wrong-type", f"{path}.range", rng, expected=Phrase("expected.low-high"))
        elif kind == "bands" and grades and grades[-1].min is not None and grades[0].max is not None:
            rng_t = (grades[-1].min, grades[0].max)
        relative = spec.get("relative", False)
        if not isinstance(relative, bool):
            ctx.add("wrong-type", f"{path}.relative", relative, expected=Phrase("expected.true-or-false"))
            relative = False
        out[sid] = Scale(sid, name, kind, tuple(grades), lower == "inclusive", rng_t, relative)
    return out


# --- meaning checks (issue 18 class 3): a rubric that parses but means nonsense is refused --------
def check_grade_names(grades: list[Grade], path: str, ctx: Ctx) -> None:
    """Every code and alias of a scale names one grade only: an alias equal to another grade's
    code, label or alias (``AA`` aliased ``BB``) would make "BB" score as AA."""
    owner: dict[str, tuple[int, str]] = {}
    for i, g in enumerate(grades):
        for name in (g.code, g.label.id, g.label.en):
            owner.setdefault(_norm_code(name), (i, g.code))
    for i, g in enumerate(grades):
        for a in g.aliases:
            other = owner.get(_norm_code(a))
            if other is not None and other[0] != i:
                ctx.add("alias-names-other-grade", f"{path}.grades[{i}].aliases", a, grade=g.code, other=other[1])
            elif other is None:
                owner[_norm_code(a)] = (i, g.code)


def check_range(rng: tuple[float, float], path: str, ctx: Ctx) -> tuple[float, float] | None:
    """A scale's ``range: [low, high]``: both finite, low below high."""
    import math

    low, high = rng
    if not (math.isfinite(low) and math.isfinite(high)):
        ctx.add("range-not-finite", path, [low, high])
        return None
    if low >= high:
        ctx.add("range-order", path, [low, high], low=low, high=high)
        return None
    return rng


def check_streak_opinion(opinion: Any, scale: Scale | None, path: str, ctx: Ctx) -> None:
    """The opinion a WTP streak counts must be a grade of the opinion scale (``WTPP`` would make
    every streak 0)."""
    if scale is None:
        return
    if not isinstance(opinion, str) or scale.find(opinion) is None:
        ctx.add("streak-opinion-not-in-scale", path, opinion, scale=scale.id,
                grades=", ".join(g.code for g in scale.grades))


def _build_columns(raw: Any, ctx: Ctx, scales: Mapping[str, Scale], sense: _Sense) -> dict[str, Column]:
    out: dict[str, Column] = {}
    sense.columns = out  # filled below; a target is checked against its column's min/max
    if not isinstance(raw, dict):
        ctx.add("wrong-type", "columns", raw, expected=Phrase("expected.mapping-of-column-id-column"))
        return out
    for cid, spec in raw.items():
        sense.column(cid, spec)
        path = f"columns.{cid}"
        if ctx.ident(cid, path) is None:
            continue
        spec = ctx.mapping(spec, path, {"label", "type", "scale", "min", "max", "unit", "source", "required",
                                        "description"}, {"label", "type"})
        if not spec:
            continue
        label = ctx.text(spec.get("label"), f"{path}.label") or Text(cid, cid)
        ctype = ctx.choice(spec.get("type"), f"{path}.type", COLUMN_TYPES, "number")
        scale = spec.get("scale")
        if scale is not None and scale not in scales:
            ctx.add("undeclared-scale", f"{path}.scale", scale, declared=", ".join(scales) or "-")
            scale = None
        if ctype == "grade" and scale is None and "scale" not in spec:
            ctx.add("missing-key", f"{path}.scale", None, key="scale")
        lo = ctx.number(spec.get("min"), f"{path}.min")
        hi = ctx.number(spec.get("max"), f"{path}.max")
        if lo is not None and hi is not None and lo >= hi:
            ctx.add("min-max-order", f"{path}.max", hi, min=lo)
        required = spec.get("required", False)
        if not isinstance(required, bool):
            ctx.add("wrong-type", f"{path}.required", required, expected=Phrase("expected.true-or-false"))
            required = False
        unit = spec.get("unit")
        unit_text = ctx.text(str(unit) if isinstance(unit, (int, float)) else unit, f"{path}.unit", required=False)
        out[cid] = Column(cid, label, ctype or "number", scale, lo, hi, unit_text,
                          ctx.text(spec.get("source"), f"{path}.source", required=False), required,
                          ctx.text(spec.get("description"), f"{path}.description", required=False))
    return out


def _build_award_categories(raw: Any, ctx: Ctx) -> tuple[AwardCategory, ...]:
    out: list[AwardCategory] = []
    if not isinstance(raw, list):
        ctx.add("wrong-type", "awards.categories", raw, expected=Phrase("expected.a-list-of-categories"))
        return ()
    seen: set[str] = set()
    for i, c in enumerate(raw):
        path = f"awards.categories[{i}]"
        c = ctx.mapping(c, path, {"code", "label", "aliases"}, {"code", "label"})
        if not c:
            continue
        code = ctx.ident(c.get("code"), f"{path}.code")
        if code is None:
            continue
        if code in seen:
            ctx.add("duplicate-id", f"{path}.code", code)
        seen.add(code)
        aliases = c.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            ctx.add("wrong-type", f"{path}.aliases", aliases, expected=Phrase("expected.a-list-of-texts"))
            aliases = []
        out.append(AwardCategory(code, ctx.text(c.get("label"), f"{path}.label") or Text(code, code), tuple(aliases)))
    return tuple(out)


_IND_KEYS = {"id", "name", "kind", "column", "scale", "numerator", "denominator", "multiplier", "awards",
             "opinion", "direction", "weight", "normalisation", "target", "description", "outliers"}


def _build_dimensions(raw: Any, ctx: Ctx, scales: Mapping[str, Scale], columns: Mapping[str, Column],
                      categories: tuple[AwardCategory, ...], opinion_scale: str | None, sense: _Sense
                      ) -> tuple[Dimension, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        ctx.add("wrong-type", "dimensions", raw, expected=Phrase("expected.a-non-empty-list-of-dimensions"))
        return ()
    dims: list[Dimension] = []
    seen: set[str] = set()  # dimension, sub-dimension and indicator ids share one namespace
    cat_codes = {c.code for c in categories}
    for d_i, d in enumerate(raw):
        dpath = f"dimensions[{d_i}]"
        sense.node(d, dpath)
        head = _node_head(d, dpath, ctx, seen)
        if head is None:
            continue
        d, did, dname, dweight, ddesc = head
        built = _build_children(d, dpath, ctx, scales, columns, cat_codes, opinion_scale, did, (), seen, 0, sense)
        if built is None:
            continue
        inds, groups = built
        dims.append(Dimension(did, dname, dweight, inds, ddesc, groups))
    return tuple(dims)


def _node_head(raw: Any, path: str, ctx: Ctx, seen: set[str]) -> tuple[dict, str, Text, float, Text | None] | None:
    """The keys a dimension and a sub-dimension share: checked mapping, id (unique across the whole
    tree), name, weight and description. None when ``raw`` is not a usable mapping."""
    node = ctx.mapping(raw, path, {"id", "name", "weight", "indicators", "subdimensions", "description"},
                       {"id", "name"})
    if not node:
        return None
    nid = ctx.ident(node.get("id"), f"{path}.id")
    if nid is not None:
        if nid in seen:
            ctx.add("duplicate-id", f"{path}.id", nid)
        seen.add(nid)
    name = ctx.text(node.get("name"), f"{path}.name") or Text(str(nid), str(nid))
    weight = ctx.number(node.get("weight", 1), f"{path}.weight", positive=True) or 1.0
    description = ctx.text(node.get("description"), f"{path}.description", required=False)
    return node, nid or "", name, weight, description


def _build_children(d: dict, dpath: str, ctx: Ctx, scales: Mapping[str, Scale], columns: Mapping[str, Column],
                    cat_codes: set[str], opinion_scale: str | None, dim_id: str, path: tuple[str, ...],
                    seen: set[str], depth: int, sense: _Sense
                    ) -> tuple[tuple[Indicator, ...], tuple[SubDimension, ...]] | None:
    """The children of a dimension or sub-dimension: either ``indicators`` or ``subdimensions``."""
    has_ind, has_sub = "indicators" in d, "subdimensions" in d
    if has_ind == has_sub:
        ctx.add("indicators-or-subdimensions", dpath, None)
        sense.unread(d, dpath)
        return None
    if has_sub:
        sraw = d.get("subdimensions")
        if not isinstance(sraw, list) or not sraw:
            ctx.add("wrong-type", f"{dpath}.subdimensions", sraw, expected=Phrase("expected.a-non-empty-list-of-sub-dimensions"))
            return None
        if depth >= MAX_SUB_LEVELS:
            ctx.add("hierarchy-too-deep", f"{dpath}.subdimensions", None, max=MAX_SUB_LEVELS)
            sense.unread(d, dpath, ("subdimensions",))
            return None
        groups: list[SubDimension] = []
        inds_all: list[Indicator] = []
        for s_i, sd in enumerate(sraw):
            spath = f"{dpath}.subdimensions[{s_i}]"
            sense.node(sd, spath)
            head = _node_head(sd, spath, ctx, seen)
            if head is None:
                continue
            sd, sid, sname, sweight, sdesc = head
            built = _build_children(sd, spath, ctx, scales, columns, cat_codes, opinion_scale, dim_id,
                                    (*path, sid), seen, depth + 1, sense)
            if built is None:
                continue
            child_inds, sub = built
            groups.append(SubDimension(sid, sname, sweight, child_inds, sub, sdesc))
            inds_all.extend(child_inds)
        return tuple(inds_all), tuple(groups)
    iraw = d.get("indicators")
    if not isinstance(iraw, list) or not iraw:
        ctx.add("wrong-type", f"{dpath}.indicators", iraw, expected=Phrase("expected.a-non-empty-list-of-indicators"))
        return None
    inds: list[Indicator] = []
    for i_i, spec in enumerate(iraw):
        ipath = f"{dpath}.indicators[{i_i}]"
        sense.indicator(spec, ipath)
        ind = _build_indicator(spec, ipath, ctx, scales, columns, cat_codes, opinion_scale, dim_id)
        if ind is None:
            continue
        if ind.id in seen:
            ctx.add("duplicate-id", f"{ipath}.id", ind.id)
        seen.add(ind.id)
        if path:
            ind = replace(ind, path=path)
        inds.append(ind)
    return tuple(inds), ()


def _share(value: Any, path: str, ctx: Ctx, default: float, *, upper: float = 1.0, example: str = "0.65") -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= upper:
        ctx.add("wrong-type", path, value, expected=Phrase("expected.share-between-0-and", upper=f"{upper:g}", example=example))
        return default
    return float(value)


def _build_missing(raw: Any, ctx: Ctx) -> MissingPolicy:
    if raw is None:
        return MissingPolicy()
    spec = ctx.mapping(raw, "missing", {"method", "min_coverage"})
    method = ctx.choice(spec.get("method"), "missing.method", MISSING_METHODS, "exclude")
    return MissingPolicy(method or "exclude", _share(spec.get("min_coverage"), "missing.min_coverage", ctx, 0.0))


def _positive_number(value: Any, path: str, ctx: Ctx, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        ctx.add("wrong-type", path, value, expected=Phrase("expected.a-number-greater-than-0"))
        return default
    return float(value)


def _whole(value: Any, path: str, ctx: Ctx, default: int, lo: int, hi: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        ctx.add("wrong-type", path, value, expected=Phrase("expected.whole-number-from-to", lo=lo, hi=hi))
        return default
    return value


def _build_outliers(raw: Any, ctx: Ctx) -> OutlierPolicy:
    if raw is None:
        return OutlierPolicy()
    spec = ctx.mapping(raw, "outliers", {"method", "max_points", "skew", "kurtosis", "log_if_needed"})
    method = ctx.choice(spec.get("method"), "outliers.method", OUTLIER_METHODS, "none")
    log_if = spec.get("log_if_needed", False)
    if not isinstance(log_if, bool):
        ctx.add("wrong-type", "outliers.log_if_needed", log_if, expected=Phrase("expected.true-or-false"))
        log_if = False
    return OutlierPolicy(method or "none", _whole(spec.get("max_points"), "outliers.max_points", ctx, 5, 1, 100),
                         _positive_number(spec.get("skew"), "outliers.skew", ctx, 2.0),
                         _positive_number(spec.get("kurtosis"), "outliers.kurtosis", ctx, 3.5), log_if)


def _build_uncertainty(raw: Any, ctx: Ctx) -> UncertaintySpec:
    if raw is None:
        return UncertaintySpec()
    spec = ctx.mapping(raw, "uncertainty", {"weights", "normalisations", "aggregations", "drop_indicators",
                                            "replications", "seed"})

    def methods(key: str, options: tuple[str, ...]) -> tuple[str, ...]:
        value = spec.get(key)
        if value is None:
            return ()
        if isinstance(value, str):  # a single method written without brackets
            got = ctx.choice(value, f"uncertainty.{key}", options)
            return (got,) if got else ()
        if not isinstance(value, list) or not value:
            ctx.add("wrong-type", f"uncertainty.{key}", value, expected=Phrase("expected.a-list-such-as-minmax-rank"))
            return ()
        out: list[str] = []
        for i, m in enumerate(value):
            got = ctx.choice(m, f"uncertainty.{key}[{i}]", options)
            if got and got not in out:
                out.append(got)
        return tuple(out)

    drop = spec.get("drop_indicators", True)
    if not isinstance(drop, bool):
        ctx.add("wrong-type", "uncertainty.drop_indicators", drop, expected=Phrase("expected.true-or-false"))
        drop = True
    seed = spec.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        ctx.add("wrong-type", "uncertainty.seed", seed, expected=Phrase("expected.a-whole-number-0"))
        seed = None
    return UncertaintySpec(
        weights=_share(spec.get("weights"), "uncertainty.weights", ctx, 0.25, upper=0.95, example="0.25 (±25%)"),
        normalisations=methods("normalisations", UNCERTAIN_NORMALISATIONS),
        aggregations=methods("aggregations", AGGREGATIONS),
        drop_indicators=drop,
        replications=_whole(spec.get("replications"), "uncertainty.replications", ctx, 1000, 10, 100_000),
        seed=seed,
    )


def _build_indicator(spec: Any, path: str, ctx: Ctx, scales: Mapping[str, Scale], columns: Mapping[str, Column],
                     cat_codes: set[str], opinion_scale: str | None, dim_id: str) -> Indicator | None:
    spec = ctx.mapping(spec, path, _IND_KEYS, {"id", "name", "kind"})
    if not spec:
        return None
    iid = ctx.ident(spec.get("id"), f"{path}.id")
    name = ctx.text(spec.get("name"), f"{path}.name") or Text(str(iid), str(iid))
    kind = ctx.choice(spec.get("kind"), f"{path}.kind", tuple(KIND_REGISTRY))
    weight = ctx.number(spec.get("weight", 1), f"{path}.weight", positive=True)
    direction_raw = spec.get("direction", "higher")
    if direction_raw not in DIRECTIONS:
        ctx.add("bad-choice", f"{path}.direction", direction_raw, options="higher, lower")
        direction_raw = "higher"

    def col_ref(key: str, required: bool) -> str | None:
        ref = spec.get(key)
        if ref is None:
            if required:
                ctx.add("missing-key", f"{path}.{key}", None, key=key)
            return None
        if ref not in columns:
            ctx.add("undeclared-column", f"{path}.{key}", ref, declared=", ".join(columns) or "-")
            return None
        return ref

    scale = spec.get("scale")
    fields: dict[str, Any] = {}
    k = KIND_REGISTRY.get(kind) if kind else None
    if k is not None:
        for key in k.columns:  # the columns this kind reads
            fields[key] = col_ref(key, True)
        if k.scale:
            if scale is None and fields.get("column") is not None:
                scale = columns[fields["column"]].scale
            # the column's own scale is the default: an undeclared column is already said, not
            # followed by "required key 'scale' is missing" (issue 18, class 6: the right thing named)
            if scale is None and not (spec.get("column") is not None and fields.get("column") is None):
                ctx.add("missing-key", f"{path}.scale", None, key="scale")
        fields.update(_KIND_CHECKS[k.family](spec, path, ctx, cat_codes, opinion_scale))
        if k.family == "streak" and opinion_scale is not None:  # the counted opinion must exist (issue 18)
            check_streak_opinion(spec.get("opinion", "WTP"), scales.get(opinion_scale), f"{path}.opinion", ctx)
    if scale is not None and scale not in scales:
        ctx.add("undeclared-scale", f"{path}.scale", scale, declared=", ".join(scales) or "-")
        scale = None
    for key in _COLUMN_KEYS:
        if key in spec and k is not None and key not in k.columns:
            ctx.add("key-not-for-kind", f"{path}.{key}", key, kind=kind)

    norm = _build_normalisation(spec.get("normalisation"), f"{path}.normalisation", ctx)
    target = ctx.number(spec.get("target"), f"{path}.target")
    if norm is not None:
        for param in NORMALISATION_METHODS[norm.method].params:  # keys a method reads from the indicator
            if param.on_indicator and param.required and spec.get(param.key) is None:
                ctx.add("missing-key", f"{path}.{param.key}", None, key=param.key)
    outliers = ctx.choice(spec.get("outliers"), f"{path}.outliers", INDICATOR_OUTLIERS)
    if iid is None or kind is None:
        return None
    return Indicator(
        id=iid, name=name, kind=kind, dimension=dim_id, weight=weight or 1.0,
        direction=DIRECTIONS[direction_raw], scale=scale, **fields,
        opinion=str(spec.get("opinion", "WTP")), normalisation=norm, target=target,
        description=ctx.text(spec.get("description"), f"{path}.description", required=False),
        outliers=outliers,
    )


# The checks of each kind family beyond its columns (scorecard.kinds): the Indicator fields they set.
KindCheck = Callable[[dict, str, Ctx, set[str], "str | None"], dict[str, Any]]


def _check_ratio(spec: dict, path: str, ctx: Ctx, cat_codes: set[str], opinion_scale: str | None) -> dict[str, Any]:
    m = ctx.number(spec.get("multiplier", 1), f"{path}.multiplier")
    return {"multiplier": m if m is not None else 1.0}


def _check_awards(spec: dict, path: str, ctx: Ctx, cat_codes: set[str], opinion_scale: str | None) -> dict[str, Any]:
    a = ctx.mapping(spec.get("awards"), f"{path}.awards", {"category", "window_years"}, {"category"})
    award_category = a.get("category")
    if award_category is not None and award_category not in cat_codes:
        ctx.add("undeclared-award-category", f"{path}.awards.category", award_category,
                declared=", ".join(sorted(cat_codes)) or "-")
    w = a.get("window_years")
    if w is not None and (isinstance(w, bool) or not isinstance(w, int) or w < 1):
        ctx.add("wrong-type", f"{path}.awards.window_years", w, expected=Phrase("expected.whole-number-1"))
        w = None
    return {"award_category": award_category, "award_window": w}


def _check_streak(spec: dict, path: str, ctx: Ctx, cat_codes: set[str], opinion_scale: str | None) -> dict[str, Any]:
    if opinion_scale is None:
        ctx.add("streak-needs-opinion-scale", f"{path}.kind", spec.get("kind"))
    return {}


_KIND_CHECKS: dict[str, KindCheck] = {
    "column": lambda spec, path, ctx, cat_codes, opinion_scale: {},
    "ratio": _check_ratio,
    "awards": _check_awards,
    "streak": _check_streak,
}
_COLUMN_KEYS = tuple(dict.fromkeys(c for k in KIND_REGISTRY.values() for c in k.columns))


def _build_normalisation(raw: Any, path: str, ctx: Ctx) -> Normalisation | None:
    """``normalisation: NAME`` or ``{method: NAME, <the method's keys>}``; names and keys come
    from the registry (:data:`scorecard.normalise.METHODS`)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        method = ctx.choice(raw, path, NORMALISATIONS)
        if method is None:
            return None
        spec: dict = {}
    else:
        spec = ctx.mapping(raw, path, {"method"} | {k for m in NORMALISATION_METHODS.values() for k in m.keys},
                           {"method"})
        method = ctx.choice(spec.get("method"), f"{path}.method", NORMALISATIONS)
        if method is None:
            return None
        keys = NORMALISATION_METHODS[method].keys
        for key in spec:
            if key != "method" and key not in keys:
                ctx.add("key-not-for-method", f"{path}.{key}", key, method=method,
                        keys=", ".join(keys) or "-")
    entry = NORMALISATION_METHODS[method]
    own = [p for p in entry.params if not p.on_indicator]
    missing = [p.key for p in own if p.required and spec.get(p.key) is None]
    if missing:
        ctx.add(entry.missing_code, path, raw, method=method, keys=", ".join(missing))
        return None
    values: dict[str, Any] = {}
    ok = True
    for p in own:
        value = spec.get(p.key)
        if value is None:
            if p.default is not None:
                values[p.key] = p.default
            continue
        got = _param(value, f"{path}.{p.key}", p.type, ctx)
        if got is None:
            ok = False
        else:
            values[p.key] = got
    if not ok:
        return None
    if entry.ordered:  # e.g. goalposts' min < max
        low, high = entry.ordered
        if values.get(low) is not None and values.get(high) is not None and values[low] >= values[high]:
            ctx.add("min-max-order", f"{path}.{high}", values[high], min=values[low])
            return None
    lo, hi = values.pop("min", None), values.pop("max", None)  # goalposts' bounds have their own fields
    where = (ctx.file, path, ctx.line(path)) if values else None
    return Normalisation(method, lo, hi, tuple(values.items()), where)


def _param(value: Any, path: str, kind: str, ctx: Ctx) -> Any:
    """One parameter of a normalisation method, checked by its declared type."""
    if kind == "number":
        return ctx.number(value, path)
    if kind == "bool":
        if not isinstance(value, bool):
            ctx.add("wrong-type", path, value, expected=Phrase("expected.true-or-false"))
            return None
        return value
    if kind == "region":
        if not isinstance(value, str) or not value.strip():
            ctx.add("wrong-type", path, value, expected='a region code in quotes, e.g. "64.71"')
            return None
        return value.strip()
    raise ValueError(f"parameter type {kind!r} is not known to the rubric")  # a registry bug


__all__ = [
    "Text", "Grade", "Scale", "Column", "Normalisation", "Indicator", "Dimension", "AwardCategory",
    "Scoring", "Rubric", "SubDimension", "Node", "MissingPolicy", "OutlierPolicy", "UncertaintySpec", "build_rubric", "Issue",
]
