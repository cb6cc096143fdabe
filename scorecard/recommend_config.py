"""The rubric's ``recommend:`` section: how weak areas are found and studi-tiru hosts are chosen.

Light on purpose (no pandas): the rubric declares the section (``rubric.SECTIONS``) and imports
this module to check it when a rubric has one. The method is documented in ``docs/recommend.md``.

References to indicators (``evidence.credentials``, ``transferability.fiscal_indicator``,
``grade_rules[i].indicator``) cannot be checked here (a section checker does not see the
dimensions); they are kept with their key path and YAML line and checked by
:func:`scorecard.recommend.recommend`, which raises the usual :class:`~scorecard.issues.InputError`.
"""

from __future__ import annotations

from scorecard.issues import Phrase

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from scorecard.schema import Ctx

if TYPE_CHECKING:
    from scorecard.rubric import Rubric

CRITERIA = ("excellence", "gap", "transferability", "evidence", "improvement", "travel")
BENCHMARKS = ("median", "top_quartile", "best")
SIMILARITY_PARTS = ("type", "population", "area", "fiscal")

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "excellence": 0.3, "gap": 0.1, "transferability": 0.15, "evidence": 0.2, "improvement": 0.05, "travel": 0.2,
}
DEFAULT_SIMILARITY: Mapping[str, float] = {"type": 1.0, "population": 1.0, "area": 0.5, "fiscal": 1.0}


@dataclass(frozen=True)
class GradeRule:
    """Flag an indicator whatever the peers do: grade below ``below`` or value below ``min``."""

    indicator: str
    below: str | None = None
    min: float | None = None
    path: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Ref:
    """An indicator id written in the section, with where it was written."""

    indicator: str
    path: str
    line: int | None = None


@dataclass(frozen=True)
class RecommendConfig:
    """The rubric's ``recommend:`` section: host criteria weights, benchmark, thresholds and distances."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    benchmark: str = "top_quartile"
    min_impact: float = 0.5
    min_gap: float = 5.0
    similarity: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SIMILARITY))
    fiscal_indicator: str | None = "pad_share"
    zero_at_ratio: float = 10.0
    half_km: float = 800.0
    # trip plan: every journey costs this many overall points per 1,000 km from the focus to its
    # farthest stop (docs/recommend.md, "Trip plan")
    km_points: float = 2.0
    evidence_awards: float = 1.0
    evidence_credentials: float = 1.0
    credentials: tuple[str, ...] = ("sakip", "rb", "wtp_streak")
    # credentials are cited (and count as evidence) only for areas of these dimensions
    governance_dimensions: tuple[str, ...] = ("governance",)
    # below its floor a value is never cited as a strength, and a host below the floor of the
    # area's own indicator is not proposed for it: {indicator: grade code} or {indicator: number}
    floors: Mapping[str, Any] = field(default_factory=lambda: {"sakip": "A", "rb": "BB", "wtp_streak": 3})
    revenue_column: str | None = "total_pendapatan"  # fiscal capacity per resident = column / penduduk
    pad_column: str | None = "pad"
    robust_share: float = 0.9  # a host ahead in fewer simulations than this is "marginal"
    min_stop_impact: float = 1.0  # overall points a trip stop must add on its own
    group_km: float = 150.0  # stops closer than this to each other form one journey
    trip_top: int = 3  # a stop must be among the top 3 hosts of an area it covers
    grade_rules: tuple[GradeRule, ...] = (
        GradeRule("sakip", below="A"), GradeRule("rb", below="BB"), GradeRule("wtp_streak", min=1.0),
    )
    explicit: bool = False  # True when written in the rubric (then its references must resolve)
    refs: tuple[Ref, ...] = ()


DEFAULT_CONFIG = RecommendConfig()


def _nonneg(value: Any, path: str, ctx: Any, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
        ctx.add("wrong-type", path, value, expected=Phrase("expected.a-number-at-least-0"))
        return default
    return float(value)


def _positive(value: Any, path: str, ctx: Any, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value <= 0:
        ctx.add("wrong-type", path, value, expected=Phrase("expected.a-number-greater-0"))
        return default
    return float(value)


def check_section(value: Any, ctx: Ctx, path: str) -> RecommendConfig:
    """Validate the ``recommend:`` mapping; every problem goes to ``ctx`` with its key path."""
    top = ctx.mapping(value, path, {"benchmark", "min_impact", "min_gap", "weights", "transferability",
                                    "travel", "evidence", "grade_rules", "min_stop_impact", "robust_share",
                                    "group_km"})
    refs: list[Ref] = []

    def ref(ind: Any, p: str) -> str | None:
        if not isinstance(ind, str) or not ind:
            ctx.add("wrong-type", p, ind, expected=Phrase("expected.an-indicator-id"))
            return None
        refs.append(Ref(ind, p, ctx.line(p)))
        return ind

    benchmark = ctx.choice(top.get("benchmark"), f"{path}.benchmark", BENCHMARKS, "top_quartile") or "top_quartile"
    min_impact = _nonneg(top.get("min_impact"), f"{path}.min_impact", ctx, DEFAULT_CONFIG.min_impact)
    min_gap = _nonneg(top.get("min_gap"), f"{path}.min_gap", ctx, DEFAULT_CONFIG.min_gap)
    min_stop = _nonneg(top.get("min_stop_impact"), f"{path}.min_stop_impact", ctx, DEFAULT_CONFIG.min_stop_impact)
    group_km = _nonneg(top.get("group_km"), f"{path}.group_km", ctx, DEFAULT_CONFIG.group_km)
    robust_share = _nonneg(top.get("robust_share"), f"{path}.robust_share", ctx, DEFAULT_CONFIG.robust_share)
    if robust_share > 1:
        ctx.add("wrong-type", f"{path}.robust_share", robust_share, expected=Phrase("expected.a-share-between-0-and-1-e-g-0-9"))
        robust_share = DEFAULT_CONFIG.robust_share

    weights = dict(DEFAULT_WEIGHTS)
    if "weights" in top:
        raw = ctx.mapping(top.get("weights"), f"{path}.weights", set(CRITERIA))
        for c in CRITERIA:
            if c in raw:
                weights[c] = _nonneg(raw[c], f"{path}.weights.{c}", ctx, weights[c])
        if raw and sum(weights.values()) <= 0:
            ctx.add("recommend-weights-zero", f"{path}.weights", raw)

    sim = dict(DEFAULT_SIMILARITY)
    revenue_col, pad_col = DEFAULT_CONFIG.revenue_column, DEFAULT_CONFIG.pad_column
    fiscal = DEFAULT_CONFIG.fiscal_indicator
    zero_at = DEFAULT_CONFIG.zero_at_ratio
    if "transferability" in top:
        tp = f"{path}.transferability"
        raw = ctx.mapping(top.get("transferability"), tp, {*SIMILARITY_PARTS, "fiscal_indicator", "zero_at_ratio",
                                                          "revenue_column", "pad_column"})
        for key in ("revenue_column", "pad_column"):
            if key in raw and raw[key] is not None and (not isinstance(raw[key], str) or not raw[key]):
                ctx.add("wrong-type", f"{tp}.{key}", raw[key], expected=Phrase("expected.a-column-name-of-the-regions-sheet"))
        revenue_col = raw.get("revenue_column", DEFAULT_CONFIG.revenue_column) \
            if isinstance(raw.get("revenue_column", ""), str) else DEFAULT_CONFIG.revenue_column
        pad_col = raw.get("pad_column", DEFAULT_CONFIG.pad_column) \
            if isinstance(raw.get("pad_column", ""), str) else DEFAULT_CONFIG.pad_column
        for part in SIMILARITY_PARTS:
            if part in raw:
                sim[part] = _nonneg(raw[part], f"{tp}.{part}", ctx, sim[part])
        if "fiscal_indicator" in raw:
            fiscal = ref(raw["fiscal_indicator"], f"{tp}.fiscal_indicator")
        zero_at = _positive(raw.get("zero_at_ratio"), f"{tp}.zero_at_ratio", ctx, zero_at)
        if zero_at <= 1:
            ctx.add("wrong-type", f"{tp}.zero_at_ratio", zero_at, expected=Phrase("expected.a-ratio-1-e-g-10"))
            zero_at = DEFAULT_CONFIG.zero_at_ratio

    half_km, km_points = DEFAULT_CONFIG.half_km, DEFAULT_CONFIG.km_points
    if "travel" in top:
        raw = ctx.mapping(top.get("travel"), f"{path}.travel", {"half_km", "points_per_1000km"})
        half_km = _positive(raw.get("half_km"), f"{path}.travel.half_km", ctx, half_km)
        km_points = _nonneg(raw.get("points_per_1000km"), f"{path}.travel.points_per_1000km", ctx, km_points)

    ev_awards, ev_cred, credentials = DEFAULT_CONFIG.evidence_awards, DEFAULT_CONFIG.evidence_credentials, \
        DEFAULT_CONFIG.credentials
    gov_dims, floors = DEFAULT_CONFIG.governance_dimensions, dict(DEFAULT_CONFIG.floors)
    if "evidence" in top:
        ep = f"{path}.evidence"
        raw = ctx.mapping(top.get("evidence"), ep, {"awards", "credentials", "credential_indicators",
                                                    "governance_dimensions", "floors"})
        if "governance_dimensions" in raw:
            lst = raw["governance_dimensions"]
            if not isinstance(lst, list) or not all(isinstance(x, str) for x in lst):
                ctx.add("wrong-type", f"{ep}.governance_dimensions", lst, expected=Phrase("expected.a-list-of-dimension-ids"))
            else:
                gov_dims = tuple(lst)
        if "floors" in raw:
            fl = raw["floors"]
            if not isinstance(fl, dict):
                ctx.add("wrong-type", f"{ep}.floors", fl, expected=Phrase("expected.a-mapping-such-as-sakip-a-wtp-streak-3"))
                fl = {}
            floors = {}
            for k, x in fl.items():
                if isinstance(x, bool) or not isinstance(x, (str, int, float)):
                    ctx.add("wrong-type", f"{ep}.floors.{k}", x, expected=Phrase("expected.a-grade-code-a-or-a-number-3"))
                    continue
                if ref(k, f"{ep}.floors.{k}") is not None:
                    floors[k] = x
        ev_awards = _nonneg(raw.get("awards"), f"{ep}.awards", ctx, ev_awards)
        ev_cred = _nonneg(raw.get("credentials"), f"{ep}.credentials", ctx, ev_cred)
        if "credential_indicators" in raw:
            lst = raw["credential_indicators"]
            if not isinstance(lst, list):
                ctx.add("wrong-type", f"{ep}.credential_indicators", lst, expected=Phrase("expected.a-list-of-indicator-ids"))
                lst = []
            credentials = tuple(i for k, x in enumerate(lst)
                                if (i := ref(x, f"{ep}.credential_indicators[{k}]")) is not None)

    rules = DEFAULT_CONFIG.grade_rules
    if "grade_rules" in top:
        rp = f"{path}.grade_rules"
        lst = top["grade_rules"]
        out: list[GradeRule] = []
        if not isinstance(lst, list):
            ctx.add("wrong-type", rp, lst, expected=Phrase("expected.a-list-of-rules-such-as-indicator-sakip-below-a"))
            lst = []
        for k, r in enumerate(lst):
            p = f"{rp}[{k}]"
            r = ctx.mapping(r, p, {"indicator", "below", "min"}, {"indicator"})
            if not r:
                continue
            ind = ref(r.get("indicator"), f"{p}.indicator")
            below, mn = r.get("below"), r.get("min")
            if (below is None) == (mn is None):
                ctx.add("recommend-rule-needs-one", p, r)
                continue
            if below is not None and not isinstance(below, str):
                ctx.add("wrong-type", f"{p}.below", below, expected=Phrase("expected.a-grade-code-such-as-a"))
                continue
            if mn is not None:
                mn = ctx.number(mn, f"{p}.min")
                if mn is None:
                    continue
            if ind is not None:
                out.append(GradeRule(ind, below=below, min=mn, path=p, line=ctx.line(p)))
        rules = tuple(out)

    return RecommendConfig(weights=weights, benchmark=benchmark, min_impact=min_impact, min_gap=min_gap,
                           similarity=sim, fiscal_indicator=fiscal, zero_at_ratio=zero_at, half_km=half_km, km_points=km_points,
                           evidence_awards=ev_awards, evidence_credentials=ev_cred, credentials=credentials,
                           grade_rules=rules, governance_dimensions=gov_dims, floors=floors,
                           revenue_column=revenue_col, pad_column=pad_col, robust_share=robust_share,
                           min_stop_impact=min_stop, group_km=group_km, explicit=True, refs=tuple(refs))


def config_of(rubric: Rubric) -> RecommendConfig:
    """The rubric's recommend settings, or the documented defaults when it has no such section."""
    cfg = rubric.recommend
    return cfg if cfg is not None else DEFAULT_CONFIG
