"""Which peer to ask or visit for one area: the host logic shared by ``recommend``, ``brief``,
``whatif`` and the rehearsal's "Tanya ke".

Pure and light (numpy and the message catalogue only; no pandas, no I/O). Given, for ONE area
(a dimension, an indicator, a rehearsal criterion), every region's value, the focus region and
what is known about each region's context (type, size, money, place), :func:`rank_hosts` returns
the hosts ranked with their reasons::

    from scorecard.hosts import Place, rank_hosts
    ranking = rank_hosts(
        {"64.71": 2.0, "35.77": 4.0, "35.78": 3.5, "35.73": 4.0},   # one value per region
        "64.71",                                                   # the focus region
        {c: Place(c, name, tipe="kota", lat=..., lng=..., population=..., revenue_per_capita=...)
         for c, name in ...},
        min_gap=1.0,               # a host must lead the focus by at least this (value units)
        robust={"35.77": 0.97},    # optional: share of simulations in which the host stays ahead
        exclude={"35.78"},         # already visited / not allowed
    )
    ranking.pick            # the Host to ask (None when nobody is clearly better)
    ranking.hosts           # shown hosts, best first; the best performer is always among them
    ranking.tradeoff        # a Reason when the best performer is not the pick, else None
    host.reasons            # context reasons: "sama-sama kota", "anggaran per penduduk 10× kita", "73 km"

How a host is scored (every weight is a setting; ``docs/recommend.md`` has a worked example):

* only regions at least ``min_gap`` ahead of the focus are hosts (``lead`` = host − focus, or
  focus − host when lower is better);
* **excellence** = lead / the largest lead in the group (1 = the best performer);
* **transferability** = similarity of context: same type (kota/kabupaten), population, land area
  and fiscal capacity per resident (each ``1 − |ln(host/focus)| / ln(zero_at_ratio)``, floored at 0);
* **travel** = ``1 / (1 + (km / half_km)²)``;
* **evidence** and **improvement** = optional 0..1 per host from the caller (awards in the area,
  trend); criteria without data are dropped and the weights re-scaled;
* the **match score** shown to the reader = transferability and travel combined;
* hosts whose lead holds in fewer than ``robust_share`` of the simulations are **marginal**: they
  are shown but ranked after every robust host.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Collection, Mapping

import numpy as np

from scorecard import i18n
from scorecard.rubric import Text

EPS = 1e-9
TOTAL_DECIMALS = 2  # totals equal to this many decimals are a tie, broken by distance


# ----------------------------------------------------------------------------------------------
# Reasons (shared by every advice output)


@dataclass(frozen=True)
class Reason:
    """One short plain-language reason. ``params`` keep numbers as numbers; :meth:`render` formats
    them for the language (``1.150 km`` in Indonesian, ``1,150 km`` in English). A param may be a
    bilingual name ``{"id": …, "en": …}``, a catalogue reference ``{"t": key}`` or a list of these."""

    key: str
    params: dict = field(default_factory=dict)

    def render(self, lang: str) -> str:
        fixed = SCORE_PARAMS.get(self.key, ())  # 0-100 scores: one decimal, as the tables show them (88,0)
        return i18n.t(self.key, lang, **{k: i18n.number(v, lang, 1) if k in fixed and _is_num(v) else show_param(v, lang)
                                         for k, v in self.params.items()})

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {"key": self.key, "params": self.params, "text": self.render(lang)}

    def __hash__(self) -> int:  # params is a dict: hash its JSON form so reasons can go in sets
        return hash((self.key, json.dumps(self.params, sort_keys=True, default=str)))


# reasons whose numbers are 0-100 scores: written with one decimal like every score table
SCORE_PARAMS: dict[str, tuple[str, ...]] = {
    "rec.reason.score": ("host", "focus"), "rec.reason.score-indicator": ("host", "focus"),
    "rec.strength.gap": ("score", "benchmark"),
    "rec.reason.same-kecamatan-below": ("host", "benchmark"), "rec.reason.same-kabupaten-below": ("host", "benchmark"),
}


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def show_param(v: Any, lang: str) -> str:
    if isinstance(v, Text):
        return v.get(lang)
    if isinstance(v, dict):
        if "d" in v:  # an ISO date, written the reader's way ("2 Februari 2024")
            import datetime as _dt

            return i18n.date(_dt.date.fromisoformat(str(v["d"])), lang)
        if "r" in v:  # a nested catalogue sentence with its own parameters
            return i18n.t(v["r"], lang, **{k: show_param(x, lang) for k, x in v.get("p", {}).items()})
        if "t" in v:
            return i18n.t(v["t"], lang)
        return str(v.get("en") if lang == "en" else v.get("id"))
    if isinstance(v, (list, tuple)):
        return ", ".join(show_param(x, lang) for x in v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return i18n.decimal(v, lang)  # 86 · 72,1 · 3,65 · 1.051.319 (id)
    return str(v)


def join_reasons(reasons: Collection[Reason], lang: str, sep: str = "; ") -> str:
    return sep.join(r.render(lang) for r in reasons)


# ----------------------------------------------------------------------------------------------
# Inputs and settings


@dataclass(frozen=True)
class Place:
    """What is known about a region's context; every field but ``code`` and ``name`` may be None."""

    code: str
    name: str
    tipe: str | None = None  # "kota" | "kabupaten"
    lat: float | None = None  # degrees
    lng: float | None = None
    population: float | None = None  # residents
    area_km2: float | None = None
    revenue_per_capita: float | None = None  # total revenue (Rp) per resident
    pad_per_capita: float | None = None  # own-source revenue (PAD, Rp) per resident


CRITERIA = ("excellence", "gap", "transferability", "evidence", "improvement", "travel")


@dataclass(frozen=True)
class HostSettings:
    """Every knob of the host choice (the rubric's ``recommend:`` section fills these)."""

    weights: Mapping[str, float] = field(default_factory=lambda: {
        "excellence": 0.3, "gap": 0.1, "transferability": 0.15, "evidence": 0.2, "improvement": 0.05,
        "travel": 0.2})
    similarity: Mapping[str, float] = field(default_factory=lambda: {
        "type": 1.0, "population": 1.0, "area": 0.5, "fiscal": 1.0})
    zero_at_ratio: float = 10.0  # a 10-fold difference counts as no similarity
    half_km: float = 800.0
    robust_share: float = 0.9  # a lead held in fewer simulations is "marginal"
    span: float | None = None  # value range for the ``gap`` criterion (100 on a 0-100 scale); None: dropped
    similar_ratio: float = 2.0  # "similar" population / budget within this factor
    big_ratio: float = 3.0  # "N× kita" said from this factor on
    far_km: float = 300.0  # a distance worth mentioning in a trade-off


DEFAULT_SETTINGS = HostSettings()
NEAR_TIERS = {0: "kecamatan", 1: "kabupaten"}  # rank_arrays' ``tier``: 2 = no nearness preference


@dataclass(frozen=True)
class Host:
    code: str
    name: str
    value: float
    lead: float  # how far ahead of the focus (value units, direction applied)
    rank: int  # 1 = best performer in the area among the eligible hosts
    best: bool  # the best performer (largest lead)
    total: float  # 0..1, the criteria combined
    match: float | None  # 0..1, transferability and travel combined
    criteria: dict[str, float]  # criterion -> 0..1 (only those in use)
    match_parts: dict[str, float]  # type, population, area, fiscal, travel -> 0..1 (known ones)
    distance_km: float | None
    robust: float | None  # share of simulations in which the host stays ahead
    marginal: bool
    reasons: tuple[Reason, ...]  # context reasons (not the area's figures: the caller adds those)


@dataclass(frozen=True)
class HostRanking:
    focus: str
    hosts: tuple[Host, ...]  # shown hosts in recommendation order (best performer always included)
    eligible: int  # regions clearly ahead of the focus (before ``top``)
    tradeoff: Reason | None  # when the best performer is not the pick
    excluded: tuple[str, ...] = ()

    @property
    def pick(self) -> Host | None:
        return self.hosts[0] if self.hosts else None

    @property
    def best(self) -> Host | None:
        return next((h for h in self.hosts if h.best), None)


# ----------------------------------------------------------------------------------------------
# Context: similarity and travel


def great_circle_km(lat1: float, lng1: float, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Great-circle (haversine) distance in km from one point to many, all in radians; one
    vectorised call of the ``haversine`` package (mean Earth radius 6371.0088 km). Missing
    coordinates give NaN."""
    from haversine import Unit, haversine_vector

    many = np.degrees(np.column_stack([np.asarray(lat, dtype=float), np.asarray(lng, dtype=float)]))
    one = np.broadcast_to(np.degrees([lat1, lng1]), many.shape)
    return haversine_vector(one, many, Unit.KILOMETERS, check=False)


def ratio_similarity(x: np.ndarray, ref: float, zero_at: float) -> np.ndarray:
    """1 when equal, falling linearly in |log ratio| to 0 at a ``zero_at``-fold difference; NaN
    when either side is unknown or not positive."""
    x = np.asarray(x, dtype=float)
    with np.errstate(all="ignore"):
        r = np.abs(np.log(x / ref)) / math.log(zero_at)
    out = 1.0 - np.clip(r, 0.0, 1.0)
    ok = np.isfinite(x) & (x > 0) & bool(np.isfinite(ref) and ref > 0)
    return np.where(ok, out, np.nan)


def travel_score(km: np.ndarray, half_km: float) -> np.ndarray:
    km = np.asarray(km, dtype=float)
    return np.where(np.isfinite(km), 1.0 / (1.0 + (km / half_km) ** 2), 0.0)


@dataclass(frozen=True)
class Context:
    """Context arrays for one focus over all regions (in ``codes`` order)."""

    codes: list[str]
    names: list[str]
    tipe: np.ndarray
    population: np.ndarray
    area_km2: np.ndarray
    revenue_pc: np.ndarray
    pad_pc: np.ndarray
    km: np.ndarray

    def _sorted_rank(self, field: str) -> np.ndarray:
        """Rank of every region in the sorted order of ``field`` (computed once per context)."""
        cache = f"_{field}_rank"
        got = self.__dict__.get(cache)
        if got is None:
            values = np.array(getattr(self, field), dtype=object)
            got = np.argsort(np.argsort(values, kind="stable"), kind="stable")
            object.__setattr__(self, cache, got)
        return got

    def name_rank(self) -> np.ndarray:
        """Alphabetical rank of every region's name."""
        return self._sorted_rank("names")

    def code_rank(self) -> np.ndarray:
        """Rank of every region's code."""
        return self._sorted_rank("codes")

    def fiscal(self) -> np.ndarray:
        """:func:`fiscal_array` of this context (computed once)."""
        got = self.__dict__.get("_fiscal")
        if got is None:
            got = np.where(np.isfinite(self.revenue_pc), self.revenue_pc, self.pad_pc)
            object.__setattr__(self, "_fiscal", got)
        return got

    def index(self, code: str) -> int:
        """Position of ``code`` in ``codes`` (a dictionary built once)."""
        pos = self.__dict__.get("_pos")
        if pos is None:
            pos = {c: i for i, c in enumerate(self.codes)}
            object.__setattr__(self, "_pos", pos)
        return pos[code]

    def with_km(self, km: np.ndarray) -> "Context":
        """The same regions seen from another focus (``km`` from it): what does not depend on the
        focus (name and code order, fiscal capacity, positions) is shared, not recomputed."""
        new = Context(self.codes, self.names, self.tipe, self.population, self.area_km2, self.revenue_pc,
                      self.pad_pc, km)
        for key in ("_names_rank", "_codes_rank", "_fiscal", "_pos"):
            if key in self.__dict__:
                object.__setattr__(new, key, self.__dict__[key])
        return new

    @classmethod
    def of(cls, places: Mapping[str, Place], focus: str) -> "Context":
        codes = list(places)
        ps = [places[c] for c in codes]

        def arr(attr: str) -> np.ndarray:
            return np.array([np.nan if getattr(p, attr) is None else float(getattr(p, attr)) for p in ps])

        lat, lng = np.radians(arr("lat")), np.radians(arr("lng"))
        f = codes.index(focus)
        km = great_circle_km(lat[f], lng[f], lat, lng)
        return cls(codes, [p.name for p in ps], np.array([p.tipe or "" for p in ps], dtype=object),
                   arr("population"), arr("area_km2"), arr("revenue_per_capita"), arr("pad_per_capita"), km)


def fiscal_array(ctx: Context) -> np.ndarray:
    """Fiscal capacity per resident: total revenue per resident, else PAD per resident."""
    return ctx.fiscal()


def match_parts(ctx: Context, f: int, s: HostSettings) -> dict[str, np.ndarray]:
    """Each similarity part and travel, 0..1 per region (NaN = unknown)."""
    fiscal = fiscal_array(ctx)
    tipe_known = (ctx.tipe != "") & (ctx.tipe[f] != "")
    return {
        "type": np.where(tipe_known, (ctx.tipe == ctx.tipe[f]).astype(float), np.nan),
        "population": ratio_similarity(ctx.population, ctx.population[f], s.zero_at_ratio),
        "area": ratio_similarity(ctx.area_km2, ctx.area_km2[f], s.zero_at_ratio),
        "fiscal": ratio_similarity(fiscal, fiscal[f], s.zero_at_ratio),
        "travel": np.where(np.isfinite(ctx.km), travel_score(ctx.km, s.half_km), np.nan),
    }


def transferability(parts: Mapping[str, np.ndarray], s: HostSettings) -> np.ndarray:
    num = np.zeros_like(parts["type"])
    den = np.zeros_like(parts["type"])
    for name in ("type", "population", "area", "fiscal"):
        w = float(s.similarity.get(name, 0.0))
        if w <= 0:
            continue
        v = parts[name]
        have = np.isfinite(v)
        num += np.where(have, v, 0.0) * w
        den += have * w
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


# ----------------------------------------------------------------------------------------------
# Ranking


def rank_hosts(values: Mapping[str, float | None], focus: str, places: Mapping[str, Place], *,
               higher_is_better: bool = True, min_gap: float = 0.0,
               robust: Mapping[str, float] | None = None, evidence: Mapping[str, float] | None = None,
               improvement: Mapping[str, float] | None = None, exclude: Collection[str] = (),
               top: int = 3, settings: HostSettings = DEFAULT_SETTINGS) -> HostRanking:
    """Hosts for one area, ranked with reasons (see the module docstring).

    ``values``: one value per region (None/NaN = unknown; such a region is never a host);
    ``places``: context per region (regions missing from it have unknown context);
    ``robust``/``evidence``/``improvement``: optional 0..1 per region; ``exclude``: codes never
    proposed; ``top``: hosts shown (the best performer is added when it falls outside).
    """
    if focus not in values:
        raise KeyError(focus)
    allp = dict(places)
    for c in values:
        allp.setdefault(c, Place(c, c))
    ctx = Context.of({c: allp[c] for c in values}, focus)
    v = np.array([np.nan if values[c] is None else float(values[c]) for c in ctx.codes])  # type: ignore[arg-type]
    f = ctx.codes.index(focus)
    opt = {k: (None if m is None else np.array([float(m.get(c, np.nan)) for c in ctx.codes]))
           for k, m in (("robust", robust), ("evidence", evidence), ("improvement", improvement))}
    return rank_arrays(ctx, f, v, higher_is_better=higher_is_better, min_gap=min_gap, robust=opt["robust"],
                       evidence=opt["evidence"], improvement=opt["improvement"],
                       exclude=np.isin(np.array(ctx.codes, dtype=object), list(exclude)), top=top,
                       settings=settings)


def rank_arrays(ctx: Context, f: int, v: np.ndarray, *, higher_is_better: bool = True, min_gap: float = 0.0,
                robust: np.ndarray | Callable[[np.ndarray], np.ndarray] | None = None,
                evidence: np.ndarray | None = None,
                improvement: np.ndarray | None = None, exclude: np.ndarray | None = None, top: int = 3,
                settings: HostSettings = DEFAULT_SETTINGS, parts: Mapping[str, np.ndarray] | None = None,
                candidates: np.ndarray | None = None, tier: np.ndarray | None = None) -> HostRanking:
    """:func:`rank_hosts` on arrays aligned with ``ctx.codes``. ``candidates`` optionally limits
    who may host (e.g. the focus's peer group). ``robust`` may be a function giving the shares of
    the regions at the positions it is passed (only the eligible hosts' shares are needed).

    ``tier`` (optional, per region, lower first): a nearness preference that comes after
    robust-before-marginal and before the total -- for village units 0 = same kecamatan, 1 = same
    kabupaten/kota, 2 = the rest, given by the caller only to hosts that are good in the area
    (docs/recommend.md "Villages: near hosts first"). None: no preference.

    One area; :func:`rank_many` ranks several areas of one focus at once (the same numbers)."""
    return rank_many(ctx, f, np.asarray(v, dtype=float)[None, :], higher_is_better=higher_is_better,
                     min_gap=min_gap, robust=[robust], evidence=None if evidence is None else evidence[None, :],
                     improvement=None if improvement is None else improvement[None, :], exclude=exclude, top=top,
                     settings=settings, parts=parts, candidates=None if candidates is None else candidates[None, :],
                     tier=[tier])[0]


def rank_many(ctx: Context, f: int, V: np.ndarray, *, higher_is_better: bool = True, min_gap: float = 0.0,
              robust: list[Any] | None = None, evidence: np.ndarray | None = None,
              improvement: np.ndarray | None = None, exclude: np.ndarray | None = None, top: int = 3,
              settings: HostSettings = DEFAULT_SETTINGS, parts: Mapping[str, np.ndarray] | None = None,
              candidates: np.ndarray | None = None, tier: list[np.ndarray | None] | None = None
              ) -> list[HostRanking]:
    """:func:`rank_arrays` for several areas of one focus: ``V`` (areas x regions) holds each area's
    values; ``evidence``, ``improvement`` and ``candidates`` are (areas x regions) too; ``robust``
    and ``tier`` one entry per area. The criteria are computed for all areas at once, element by
    element exactly as for one area (the recommender ranks every weak area of a focus this way)."""
    s = settings
    A, n = V.shape
    sign = 1.0 if higher_is_better else -1.0
    with np.errstate(invalid="ignore"):
        lead = sign * (V - V[:, f][:, None])
        ok = np.isfinite(lead) & (lead >= max(min_gap, EPS) - EPS)
    ok[:, f] = False
    if candidates is not None:
        ok &= candidates
    excluded: list[tuple[str, ...]] = [()] * A
    if exclude is not None and exclude.any():
        excluded = [tuple(ctx.codes[i] for i in np.flatnonzero(exclude & ok[a])) for a in range(A)]
        ok &= ~exclude
    if not ok.any():
        return [HostRanking(ctx.codes[f], (), 0, None, excluded[a]) for a in range(A)]
    parts = parts if parts is not None else match_parts(ctx, f, s)
    with np.errstate(invalid="ignore"):
        best_lead = np.where(ok, lead, -np.inf).max(axis=1)  # the largest lead of each area's hosts
    # per focus, the same for every area: the caller may pass them in ``parts`` (see focus_parts)
    tr0 = parts.get("_transferability0")
    if tr0 is None:
        tr_all = parts["_transferability"] if "_transferability" in parts else transferability(parts, s)
        tr0 = np.nan_to_num(tr_all, nan=0.0)
    travel0 = parts.get("_travel0")
    if travel0 is None:
        travel0 = np.nan_to_num(parts["travel"], nan=0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        excellence = np.where((best_lead > 0)[:, None], lead / np.where(best_lead > 0, best_lead, 1.0)[:, None], 1.0)
    crit: dict[str, np.ndarray] = {"excellence": excellence, "transferability": tr0, "travel": travel0}
    with np.errstate(invalid="ignore"):
        if s.span:
            crit["gap"] = np.clip(lead / s.span, 0.0, 1.0)
        # clipped to 0..1 first, so NaN is the only non-finite value left (= nan_to_num, cheaper)
        if evidence is not None:
            x = np.clip(evidence, 0, 1)
            crit["evidence"] = np.where(np.isnan(x), 0.0, x)
        if improvement is not None:
            x = np.clip(improvement, 0, 1)
            crit["improvement"] = np.where(np.isnan(x), 0.0, x)
        w = {c: float(s.weights.get(c, 0.0)) for c in crit}
        wsum = sum(w.values()) or 1.0
        total: np.ndarray = np.broadcast_to(np.asarray(sum(w[c] * crit[c] for c in crit), dtype=float) / wsum,
                                            (A, n))
        wm = w["transferability"] + w["travel"]
        match: np.ndarray = ((w["transferability"] * tr0 + w["travel"] * travel0) / wm if wm > 0
                             else np.full(n, np.nan))
        neg_lead_all = -np.round(lead, 9)
        neg_total_all = -np.round(total + 1e-9, TOTAL_DECIMALS)
    kmf_all = np.where(np.isfinite(ctx.km), ctx.km, np.inf)
    code_rank, name_rank = ctx.code_rank(), ctx.name_rank()
    per_area = {c: crit[c].ndim == 2 for c in crit}
    out: list[HostRanking] = []
    for a in range(A):
        idx = np.flatnonzero(ok[a])
        if idx.size == 0:
            out.append(HostRanking(ctx.codes[f], (), 0, None, excluded[a]))
            continue
        rob_a = robust[a] if robust is not None else None
        tier_a = tier[a] if tier is not None else None
        out.append(_rank_one(ctx, f, V[a], lead[a], idx, float(best_lead[a]), neg_lead_all[a][idx], kmf_all[idx],
                             (code_rank[idx], name_rank[idx], neg_lead_all[a][idx], kmf_all[idx],
                              neg_total_all[a][idx]),
                             {c: (crit[c][a] if per_area[c] else crit[c]) for c in crit}, total[a], match,
                             rob_a, tier_a, top, s, parts, excluded[a]))
    return out


def _rank_one(ctx: Context, f: int, v: np.ndarray, lead: np.ndarray, idx: np.ndarray, best_lead: float,
              neg_lead: np.ndarray, kmf: np.ndarray, keys: tuple[np.ndarray, ...], crit: dict[str, np.ndarray],
              total: np.ndarray, match: np.ndarray, robust: Any, tier: np.ndarray | None, top: int,
              s: HostSettings, parts: Mapping[str, np.ndarray], excluded: tuple[str, ...]) -> HostRanking:
    """The order and the shown hosts of one area (arrays over all regions; ``idx`` the eligible
    hosts, the keys and ``neg_lead``/``kmf`` already taken at ``idx``)."""
    L = lead[idx]
    if tier is not None:
        keys += (np.asarray(tier)[idx],)
    # order: robust before marginal; (villages: near and good first); total desc, where totals
    # equal to two decimals (a difference below 0.01 is no real preference) go to the nearer host,
    # then the larger lead, name, code
    # the best performer: the largest lead (to 9 decimals), then the nearer, then the first
    top_lead = np.flatnonzero(neg_lead == neg_lead.min())
    best_j = int(top_lead[np.argmin(kmf[top_lead])])
    if robust is None or not callable(robust):
        rob = robust[idx] if robust is not None else np.full(idx.size, np.nan)
        marginal = np.isfinite(rob) & (rob < s.robust_share - EPS)
        order = np.lexsort(keys + (marginal.astype(int),))
    else:
        # shares on demand (each costs one pass over the simulations): in the order without the
        # robust/marginal split, until ``top`` robust hosts are known -- the shown hosts are then
        # the first ``top`` robust ones of that order, exactly as when every share is computed
        order0 = np.lexsort(keys)
        rob = np.full(idx.size, np.nan)
        done = np.zeros(idx.size, bool)
        pos, chunk = 0, max(2 * top, 8)
        while True:
            nxt = order0[pos:pos + chunk]
            rob[nxt] = robust(idx[nxt])
            done[nxt] = True
            pos += chunk
            marginal = np.isfinite(rob) & (rob < s.robust_share - EPS)
            if pos >= idx.size or int((done & ~marginal).sum()) >= top:
                break
            chunk *= 4
        if not done[best_j]:  # the best performer is always shown, with its share
            rob[best_j] = robust(idx[[best_j]])[0]
            marginal = np.isfinite(rob) & (rob < s.robust_share - EPS)
        if pos >= idx.size:
            order = np.lexsort(keys + (marginal.astype(int),))
        else:
            head = order0[:pos]
            order = head[~marginal[head]]
    shown = list(order[:top])
    if best_j not in shown:
        shown.append(best_j)

    def rank_by_lead(j: int) -> int:
        """1 + the hosts clearly further ahead: ties share the better rank (two hosts at the top
        are both "the best")."""
        return 1 + int(np.count_nonzero(L > L[j] + EPS))

    def host(j: int) -> Host:
        i = int(idx[j])
        mp = _match_parts_of(ctx, parts, i)
        km = ctx.km[i]
        return Host(
            code=ctx.codes[i], name=ctx.names[i], value=float(v[i]), lead=float(L[j]), rank=rank_by_lead(j),
            best=bool(j == best_j or L[j] >= best_lead - EPS), total=round(float(total[i]), 4),
            match=round(float(match[i]), 4) if np.isfinite(match[i]) else None,
            criteria={c: round(float(crit[c][i]), 4) for c in crit}, match_parts=mp,
            distance_km=round(float(km), 1) if np.isfinite(km) else None,
            robust=round(float(rob[j]), 4) if np.isfinite(rob[j]) else None, marginal=bool(marginal[j]),
            reasons=context_reasons(ctx, f, i, s, robust=float(rob[j]) if np.isfinite(rob[j]) else None),
        )

    hosts = tuple(host(j) for j in shown)
    tradeoff = None
    if not hosts[0].best:
        best_host = next(h for h in hosts if h.best)
        tiers = None
        if tier is not None:
            tiers = (int(tier[ctx.index(hosts[0].code)]), int(tier[ctx.index(best_host.code)]))
        tradeoff = tradeoff_reason(ctx, f, hosts[0], best_host, s, tiers=tiers)
    return HostRanking(ctx.codes[f], hosts, int(idx.size), tradeoff, excluded)


def _match_parts_of(ctx: Context, parts: Mapping[str, np.ndarray], i: int) -> dict[str, float]:
    """Region ``i``'s known similarity parts and travel, rounded (kept on the context: a host
    recurs across the areas of one focus)."""
    cache: dict[tuple[int, int], tuple[Mapping[str, np.ndarray], dict[str, float]]] = \
        ctx.__dict__.setdefault("_match_parts", {})
    got = cache.get((id(parts), i))
    if got is None or got[0] is not parts:
        got = cache[(id(parts), i)] = (parts, {
            k: round(float(parts[k][i]), 4) for k in ("type", "population", "area", "fiscal", "travel")
            if np.isfinite(parts[k][i])})
    return dict(got[1])


# ----------------------------------------------------------------------------------------------
# Reasons about context


def _ratio(a: float, b: float) -> float | None:
    if not (np.isfinite(a) and np.isfinite(b)) or a <= 0 or b <= 0:
        return None
    return float(a / b)


def _times(r: float) -> float | int:
    """10× / 2,5× / 0,3×: whole when >= 10, one decimal otherwise."""
    return int(round(r)) if r >= 10 else round(r, 1)


def size_reasons(ctx: Context, f: int, h: int, s: HostSettings) -> list[Reason]:
    out: list[Reason] = []
    r = _ratio(ctx.population[h], ctx.population[f])
    if r is not None:
        if 1 / s.similar_ratio <= r <= s.similar_ratio:
            out.append(Reason("rec.reason.similar-population", {"host": int(ctx.population[h]),
                                                                "focus": int(ctx.population[f])}))
        elif r >= s.big_ratio:
            out.append(Reason("rec.reason.population-times", {"times": _times(r)}))
        elif r <= 1 / s.big_ratio:
            out.append(Reason("rec.reason.population-fraction", {"times": _times(1 / r)}))
    fiscal = fiscal_array(ctx)
    key = "revenue" if np.isfinite(ctx.revenue_pc[h]) and np.isfinite(ctx.revenue_pc[f]) else "pad"
    r = _ratio(fiscal[h], fiscal[f])
    if r is not None:
        if 1 / s.similar_ratio <= r <= s.similar_ratio:
            out.append(Reason(f"rec.reason.{key}-similar", {"host": int(round(fiscal[h])),
                                                            "focus": int(round(fiscal[f]))}))
        elif r >= s.big_ratio:
            out.append(Reason(f"rec.reason.{key}-times", {"times": _times(r)}))
        elif r <= 1 / s.big_ratio:
            out.append(Reason(f"rec.reason.{key}-fraction", {"times": _times(1 / r)}))
    return out


def context_reasons(ctx: Context, f: int, h: int, s: HostSettings = DEFAULT_SETTINGS,
                    robust: float | None = None) -> tuple[Reason, ...]:
    """Robustness, type, size, money and distance of host ``h`` seen from focus ``f``."""
    out: list[Reason] = []
    if robust is not None:
        pct = int(math.floor(robust * 100 + 1e-9))
        out.append(Reason("rec.reason.robust" if robust >= s.robust_share - EPS else "rec.reason.marginal",
                          {"pct": pct}))
    # the rest does not depend on the area: kept on the context (a host recurs across the areas
    # of one focus)
    cache = ctx.__dict__.setdefault("_context_reasons", {})
    key = (f, h, id(s))
    got = cache.get(key)
    if got is None or got[0] is not s:
        got = cache[key] = (s, _fixed_context_reasons(ctx, f, h, s))
    return tuple(out) + got[1]


def _fixed_context_reasons(ctx: Context, f: int, h: int, s: HostSettings) -> tuple[Reason, ...]:
    out: list[Reason] = []
    if ctx.tipe[h] and ctx.tipe[h] == ctx.tipe[f] and ctx.tipe[f] in ("kota", "kabupaten"):
        out.append(Reason("rec.reason.same-type", {"type": {"t": f"rec.type.{ctx.tipe[f]}"}}))
    elif ctx.tipe[h] in ("kota", "kabupaten") and ctx.tipe[f] in ("kota", "kabupaten"):
        out.append(Reason("rec.reason.other-type", {"type": {"t": f"rec.type.{ctx.tipe[h]}"}}))
    out += size_reasons(ctx, f, h, s)
    if np.isfinite(ctx.km[h]):
        out.append(Reason("rec.reason.distance", {"km": int(round(ctx.km[h]))}))
    return tuple(out)


def tradeoff_reason(ctx: Context, f: int, pick: Host, best: Host, s: HostSettings = DEFAULT_SETTINGS,
                    tiers: tuple[int, int] | None = None) -> Reason:
    """One sentence: why the best performer is not the pick.

    "Kota Surabaya lebih tinggi (83 vs 80) tetapi 901 km dan anggaran per penduduk 10× kita;
    Kota Bontang 73 km, ukuran serupa." The drawbacks named are those where the best performer is
    clearly worse for the focus than the pick; when none stands out, the match scores are given.
    ``tiers``: the (pick, best) nearness tiers of :func:`rank_arrays` -- when the pick is nearer
    (same kecamatan or kabupaten/kota), that is said first."""
    b, p = ctx.index(best.code), ctx.index(pick.code)
    against: list[Any] = []
    for_pick: list[Any] = []
    if tiers is not None and tiers[0] < tiers[1] and tiers[0] in NEAR_TIERS:
        for_pick.append({"t": f"rec.tradeoff.same-{NEAR_TIERS[tiers[0]]}"})
        against.append({"t": "rec.tradeoff.other-kecamatan" if tiers[1] == 1 else "rec.tradeoff.other-kabupaten"})
    if best.marginal and not pick.marginal and best.robust is not None:
        against.append({"t": "rec.tradeoff.only-pct", "pct": int(math.floor(best.robust * 100 + 1e-9))})
    kb, kp = ctx.km[b], ctx.km[p]
    if np.isfinite(kb) and kb >= s.far_km and (not np.isfinite(kp) or kb >= 1.5 * kp):
        against.append({"t": "rec.tradeoff.km", "km": int(round(kb))})
    if np.isfinite(kp) and (not np.isfinite(kb) or kp < kb):
        for_pick.append({"t": "rec.tradeoff.km", "km": int(round(kp))})
    if ctx.tipe[b] and ctx.tipe[f] and ctx.tipe[b] != ctx.tipe[f] and ctx.tipe[p] == ctx.tipe[f]:
        against.append({"t": "rec.tradeoff.other-type", "type": {"t": f"rec.type.{ctx.tipe[b]}"}})
        for_pick.append({"t": "rec.tradeoff.same-type", "type": {"t": f"rec.type.{ctx.tipe[f]}"}})
    rb, rp = _ratio(ctx.population[b], ctx.population[f]), _ratio(ctx.population[p], ctx.population[f])
    if rb is not None and (rb >= s.big_ratio or rb <= 1 / s.big_ratio):
        against.append({"t": "rec.tradeoff.population-times" if rb > 1 else "rec.tradeoff.population-fraction",
                        "times": _times(rb if rb > 1 else 1 / rb)})
    if rp is not None and 1 / s.similar_ratio <= rp <= s.similar_ratio:
        for_pick.append({"t": "rec.tradeoff.similar-size"})
    fiscal = fiscal_array(ctx)
    fb, fp = _ratio(fiscal[b], fiscal[f]), _ratio(fiscal[p], fiscal[f])
    money = "budget" if np.isfinite(ctx.revenue_pc[b]) and np.isfinite(ctx.revenue_pc[f]) else "pad"
    if fb is not None and (fb >= s.big_ratio or fb <= 1 / s.big_ratio):
        against.append({"t": f"rec.tradeoff.{money}-times" if fb > 1 else f"rec.tradeoff.{money}-fraction",
                        "times": _times(fb if fb > 1 else 1 / fb)})
    if fp is not None and 1 / s.similar_ratio <= fp <= s.similar_ratio:
        for_pick.append({"t": "rec.tradeoff.similar-budget"})
    slightly = best.criteria.get("excellence", 1.0) - pick.criteria.get("excellence", 1.0) < 0.25
    params: dict[str, Any] = {"best": best.name, "pick": pick.name, "best_value": _num(best.value),
                              "pick_value": _num(pick.value)}
    if not against:
        # no context drawback stands out: name the criterion that gives the pick its edge
        gains = {c: float(s.weights.get(c, 0.0)) * (pick.criteria.get(c, 0.0) - best.criteria.get(c, 0.0))
                 for c in ("transferability", "travel", "evidence", "improvement") if c in pick.criteria}
        c = max(gains, key=lambda k: (gains[k], k)) if gains else "transferability"
        # said in words a planner can check, never as the 0-1 criterion scores (QA review of issue 14)
        params.update({"criterion": {"t": f"rec.tradeoff.edge.{c}"}})
        return Reason("rec.tradeoff.edge-slightly" if slightly else "rec.tradeoff.edge", params)
    params["against"] = [_clause(c) for c in against]
    params["for"] = [_clause(c) for c in for_pick] or [{"t": "rec.tradeoff.closer-match"}]
    return Reason("rec.tradeoff.slightly" if slightly else "rec.tradeoff.higher", params)


def _clause(c: dict[str, Any]) -> dict[str, Any]:
    """A trade-off clause as a reason parameter: rendered through the catalogue with its numbers."""
    return {"r": c["t"], "p": {k: v for k, v in c.items() if k != "t"}}


def _num(x: float) -> float | int:
    return int(round(x)) if float(x).is_integer() else round(float(x), 2 if abs(x) < 10 else 1)


__all__ = ["Reason", "show_param", "join_reasons", "Place", "HostSettings", "DEFAULT_SETTINGS",
           "Host", "HostRanking", "Context", "rank_hosts", "rank_arrays", "rank_many", "match_parts", "transferability",
           "context_reasons", "tradeoff_reason", "great_circle_km", "ratio_similarity", "travel_score", "CRITERIA"]
