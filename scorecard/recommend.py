"""Weak areas of a focus region and which peer to visit (studi tiru) for each, with reasons.

Pure: a :class:`~scorecard.results.ScoreResult` in, a frozen :class:`Recommendation` out; no file
or terminal I/O. The method, every criterion and its default weight are documented in
``docs/recommend.md``; the weights live in the rubric's ``recommend:`` section
(:mod:`scorecard.recommend_config`).

In short, for the focus region and its peer group:

* **benchmark** of an area (dimension or indicator) = a quantile of the *other* peers' scores
  (top quartile by default); **gap** = benchmark - focus score;
* **impact** = overall points the focus gains when its score in that area is raised to the
  benchmark and everything is re-aggregated exactly as the pipeline does (same weights, same
  aggregation, missing indicators left out); an area is **weak** when gap > 0 and impact >=
  ``min_impact``, or when a **grade rule** fires (SAKIP below A, WTP streak broken …);
* **candidates** for a weak area = peers at least ``min_gap`` points better there, scored 0..1 on
  excellence, gap, transferability, evidence, improvement and travel, combined with the rubric's
  weights; ties go to the higher area score, then the nearer host, then the name;
* **trip** = at most K hosts that together cover the most weak-area impact (exact search over the
  candidate hosts; greedy when the search would be large), fewer stops and stronger, nearer hosts
  preferred.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from scorecard import i18n
from scorecard.issues import ERROR, InputError, Issue, IssueReport
from scorecard.hosts import Reason, great_circle_km, show_param  # noqa: F401  (re-exported)
from scorecard.recommend_config import CRITERIA, RecommendConfig, config_of
from scorecard.rubric import Text

EPS = 1e-9
EXACT_TRIP_LIMIT = 20_000  # combinations; above this the trip plan is built greedily
QUANTILES = {"median": 0.5, "top_quartile": 0.75, "best": 1.0}
TRIP_REASON_NAMES = 4  # area names spelt out in a stop's reason; the rest are counted


# ----------------------------------------------------------------------------------------------
# Result objects


@dataclass(frozen=True)
class WeakArea:
    area_id: str
    level: str  # "dimension" | "indicator"
    name: Text
    focus_score: float
    benchmark: float
    gap: float  # benchmark - focus score (negative for strengths)
    impact: float  # overall points gained by reaching the benchmark (for strengths: points above it)
    rank: int | None
    grade: str | None
    next_grade: str | None
    distance_to_next: float | None
    indicators: tuple[str, ...]
    flagged_by: str  # "impact" | "grade-rule"
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    area_id: str
    total: float  # weighted criterion total, 0..1
    criteria: dict[str, float]
    reasons: tuple[Reason, ...]
    distance_km: float | None
    score: float  # the host's score in the area
    gap: float  # host score - focus score


@dataclass(frozen=True)
class TripStop:
    code: str
    name: str
    areas: tuple[str, ...]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Recommendation:
    focus: str
    focus_name: str
    peers: str
    weak_areas: tuple[WeakArea, ...]
    strengths: tuple[WeakArea, ...]
    candidates: dict[str, tuple[Candidate, ...]]
    trip: tuple[TripStop, ...]
    can_host: tuple[str, ...]
    unjudged: tuple[str, ...]
    weights: dict[str, float]
    notes: tuple[Reason, ...]


# ----------------------------------------------------------------------------------------------
# Formatting of reason parameters


def _text(t: Text) -> dict[str, str]:
    return {"id": t.id, "en": t.en}


def _r(x: float, nd: int = 1) -> float:
    return float(round(float(x), nd))


# ----------------------------------------------------------------------------------------------
# Per-result preparation (shared by every focus region: recommending for all 514 is cheap)


@dataclass(frozen=True)
class _Area:
    id: str
    level: str
    name: Text
    dimension: str
    col: int  # column in the area matrix


class _Prep:
    def __init__(self, result) -> None:
        rub = result.rubric
        # a proxy: the cache below must not keep a ScoreResult alive after its caller drops it
        self.result = weakref.proxy(result)
        self.cfg: RecommendConfig = config_of(rub)
        _check_refs(rub, self.cfg)
        reg = result.regions
        self.codes = list(reg.index)
        self.pos = {c: i for i, c in enumerate(self.codes)}
        self.names = reg["name"].astype(str).to_numpy()
        self.group = reg["peer_group"].astype(str).to_numpy()
        self.lo, self.hi = rub.scoring.range
        self.span = self.hi - self.lo
        self.dims = list(rub.dimensions)
        self.inds = list(rub.indicators)
        self.ind_ids = [i.id for i in self.inds]
        self.ind_by_id = {i.id: i for i in self.inds}
        self.ind_pos = {i: k for k, i in enumerate(self.ind_ids)}
        disp = result.display
        self.disp = {c: disp[c].to_numpy(object) for c in disp.columns}
        self.dim_ranks = {d.id: result.ranks[d.id].to_numpy(float) for d in self.dims if d.id in result.ranks.columns}
        self.areas: list[_Area] = []
        for d in self.dims:
            self.areas.append(_Area(d.id, "dimension", d.name, d.id, len(self.areas)))
        for i in self.inds:
            self.areas.append(_Area(i.id, "indicator", i.name, i.dimension, len(self.areas)))
        self.area_by_id = {a.id: a for a in self.areas}
        self.dim_scores = result.dimension_scores[[d.id for d in self.dims]].to_numpy(float)
        self.ind_scores = result.indicator_scores[self.ind_ids].to_numpy(float)
        self.S = np.column_stack([self.dim_scores, self.ind_scores])
        self.overall = result.overall.to_numpy(float)
        self.values = result.values[self.ind_ids].to_numpy(float)
        self.dim_w = pd.Series({d.id: d.weight for d in self.dims})
        self.dim_w_arr = np.array([d.weight for d in self.dims], dtype=float)
        self.dim_cols = {d.id: [self.ind_ids.index(i.id) for i in d.indicators] for d in self.dims}
        self.ind_w_arr = {d.id: np.array([i.weight for i in d.indicators], dtype=float) for d in self.dims}
        self.method = rub.scoring.aggregation
        # tie-break keys as integers (sorting strings for every area is slow)
        self.name_rank = np.argsort(np.argsort(self.names, kind="stable"), kind="stable")
        self.code_rank = np.argsort(np.argsort(np.array(self.codes), kind="stable"), kind="stable")
        # top quartile of each group, the focus included (for "can host")
        self.q75 = {}
        self.sorted_cols = {}
        for g in np.unique(self.group):
            members = self.S[self.group == g]
            with _quiet():
                self.q75[g] = _col_quantile(members, 0.75)
            self.sorted_cols[g] = (np.sort(members, axis=0), np.isfinite(members).sum(axis=0))

        def num(col: str) -> np.ndarray:
            return pd.to_numeric(reg[col], errors="coerce").to_numpy(float) if col in reg.columns \
                else np.full(len(reg), np.nan)

        self.lat, self.lng = np.radians(num("lat")), np.radians(num("lng"))
        self.tipe = reg["tipe"].astype(str).to_numpy() if "tipe" in reg.columns else np.full(len(reg), "")
        self.pop, self.area_km2 = num("penduduk"), num("luas_km2")
        fi = self.cfg.fiscal_indicator
        self.fiscal = self.values[:, self.ind_ids.index(fi)] if fi in self.ind_ids else np.full(len(reg), np.nan)
        self.fiscal_ind = fi if fi in self.ind_ids else None

        # evidence: awards of the area's dimension (relative to the best in the peer group) and
        # credentials (mean indicator score of SAKIP, RB, WTP streak …), each 0..1
        self.award_inds = {d.id: [i.id for i in d.indicators if i.kind == "awards"] for d in self.dims}
        self.cred_ids = [c for c in self.cfg.credentials if c in self.ind_ids]
        awards = {d: (self.values[:, [self.ind_ids.index(i) for i in ids]].sum(axis=1) if ids
                      else np.full(len(reg), np.nan)) for d, ids in self.award_inds.items()}
        self.award_counts = awards
        aw_norm = {d: np.full(len(reg), np.nan) for d in awards}
        for g in np.unique(self.group):
            m = self.group == g
            for d, a in awards.items():
                top = np.nanmax(a[m]) if np.isfinite(a[m]).any() else np.nan
                if np.isfinite(top) and top > 0:
                    aw_norm[d][m] = np.nan_to_num(a[m] / top, nan=0.0)
        cred = {c: (self.ind_scores[:, self.ind_ids.index(c)] - self.lo) / self.span for c in self.cred_ids}

        def cred_mean(skip: str) -> np.ndarray:  # the area itself is not evidence for itself
            cols = [v for c, v in cred.items() if c != skip]
            if not cols:
                return np.full(len(reg), np.nan)
            with np.errstate(all="ignore"), _quiet():
                return np.nanmean(np.column_stack(cols), axis=1)

        self.E = np.zeros_like(self.S)
        wa, wc = self.cfg.evidence_awards, self.cfg.evidence_credentials
        for a in self.areas:
            aw = aw_norm[a.dimension] if a.id not in self.award_inds[a.dimension] else np.full(len(reg), np.nan)
            parts = np.column_stack([aw, cred_mean(a.id)])
            w = np.array([wa, wc])
            have = np.isfinite(parts)
            ws = (have * w).sum(axis=1)
            with np.errstate(all="ignore"):
                self.E[:, a.col] = np.where(ws > 0, np.nansum(np.where(have, parts, 0) * w, axis=1) / ws, 0.0)

        # improvement: gain in area score since the earliest year in the workbook
        self.base_year, gain = _gains(result, self)
        self.gain = gain
        self.imp = None
        if gain is not None:
            self.imp = np.zeros_like(self.S)
            for g in np.unique(self.group):
                m = self.group == g
                pos = np.where(np.isfinite(gain[m]), np.clip(gain[m], 0, None), 0.0)
                top = pos.max(axis=0) if pos.size else np.zeros(self.S.shape[1])
                self.imp[m] = np.divide(pos, top, out=np.zeros_like(pos), where=top > 0)
        w = {c: float(self.cfg.weights.get(c, 0.0)) for c in CRITERIA}
        if self.imp is None:
            w["improvement"] = 0.0
        total = sum(w.values())
        self.weights = {c: (v / total if total > 0 else 0.0) for c, v in w.items()}


class _quiet:
    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        self._w.__exit__(*exc)


_CACHE: dict[int, tuple[Any, _Prep]] = {}


def _prepare(result) -> _Prep:
    """The per-result work, computed once per ScoreResult (dropped when the result is)."""
    hit = _CACHE.get(id(result))
    if hit is not None and hit[0]() is result:
        return hit[1]
    prep = _Prep(result)
    _CACHE[id(result)] = (weakref.ref(result), prep)
    weakref.finalize(result, _CACHE.pop, id(result), None)
    return prep


def _check_refs(rubric, cfg: RecommendConfig) -> None:
    """Indicator ids named in an explicit ``recommend:`` section must exist (checked here because
    the section checker does not see the dimensions)."""
    if not cfg.explicit:
        return
    ids = {i.id for i in rubric.indicators}
    report = IssueReport()
    for ref in cfg.refs:
        if ref.indicator not in ids:
            report.add("recommend-unknown-indicator", ERROR, file=rubric.source, key=ref.path, line=ref.line,
                       value=ref.indicator, params={"declared": ", ".join(sorted(ids))})
    for rule in cfg.grade_rules:
        if rule.below is None or rule.indicator not in ids:
            continue
        ind = rubric.indicator(rule.indicator)
        scale = rubric.scales.get(ind.scale) if ind.scale else None
        if scale is None or scale.find(rule.below) is None:
            report.add("recommend-unknown-grade", ERROR, file=rubric.source,
                       key=f"{rule.path}.below" if rule.path else "recommend.grade_rules",
                       line=rule.line, value=rule.below,
                       params={"indicator": rule.indicator, "grades": ", ".join(scale.codes()) if scale else "-"})
    report.raise_if_errors()


def _gains(result, prep: _Prep) -> tuple[int | None, np.ndarray | None]:
    """Area score now minus area score in the earliest year of the regions sheet (same rubric,
    same peer mode), or ``(None, None)`` with a single year."""
    hist = getattr(result.tables, "history", None)
    if hist is None or not isinstance(hist, pd.DataFrame) or hist.empty or "tahun" not in (hist.index.names or []):
        return None, None
    years = sorted({int(y) for y in hist.index.get_level_values("tahun")})
    current = result.year if result.year is not None else years[-1]
    earlier = [y for y in years if y < current]
    if not earlier:
        return None, None
    base = earlier[0]
    import dataclasses

    from scorecard.pipeline import score

    old = hist.xs(base, level="tahun")
    old = old.loc[old.index.intersection(result.tables.regions.index)]
    if old.empty:
        return None, None
    now = result.tables.regions
    old_regions = now.loc[old.index].copy()
    for col in now.columns:
        if col in old.columns:
            filled = pd.to_numeric(old[col], errors="coerce") if now[col].dtype.kind in "fi" else old[col]
            # context the registry filled in for the current year stays when the old row is blank
            old_regions[col] = filled.where(filled.notna(), old_regions[col]) if col in ("penduduk",) else filled
    grade_cols = [c for c in old.columns if str(c).startswith("grade:")]
    old_grades = old[grade_cols].rename(columns=lambda c: c[6:])
    try:
        past = score(dataclasses.replace(result.tables, regions=old_regions, grades=old_grades, year=base),
                     result.rubric, peers=result.peers)
    except (InputError, KeyError, ValueError):
        return None, None
    then = np.column_stack([
        past.dimension_scores.reindex(prep.codes)[[d.id for d in prep.dims]].to_numpy(float),
        past.indicator_scores.reindex(prep.codes)[prep.ind_ids].to_numpy(float),
    ])
    return base, prep.S - then


# ----------------------------------------------------------------------------------------------
# Geometry and similarity


def _ratio_similarity(x: np.ndarray, ref: float, zero_at: float) -> np.ndarray:
    """1 when equal, falling linearly in |log ratio| to 0 at a ``zero_at``-fold difference."""
    with np.errstate(all="ignore"):
        r = np.abs(np.log(x / ref)) / math.log(zero_at)
    out = 1.0 - np.clip(r, 0.0, 1.0)
    return np.where(np.isfinite(x) & (x > 0) & np.isfinite(ref) & (ref > 0), out, np.nan)


def _similarity(p: _Prep, f: int) -> np.ndarray:
    cfg = p.cfg
    parts = [
        (cfg.similarity.get("type", 0.0), np.where(p.tipe == p.tipe[f], 1.0, 0.0)),
        (cfg.similarity.get("population", 0.0), _ratio_similarity(p.pop, p.pop[f], cfg.zero_at_ratio)),
        (cfg.similarity.get("area", 0.0), _ratio_similarity(p.area_km2, p.area_km2[f], cfg.zero_at_ratio)),
        (cfg.similarity.get("fiscal", 0.0), _ratio_similarity(p.fiscal, p.fiscal[f], cfg.zero_at_ratio)),
    ]
    num = np.zeros(len(p.codes))
    den = np.zeros(len(p.codes))
    for w, v in parts:
        if w <= 0:
            continue
        have = np.isfinite(v)
        num += np.where(have, v, 0.0) * w
        den += have * w
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


# ----------------------------------------------------------------------------------------------
# Impact


def _wmean(X: np.ndarray, w: np.ndarray, method: str) -> np.ndarray:
    """Row-wise weighted mean, missing values left out: the formula of
    :func:`scorecard.aggregate.weighted_mean` on plain arrays (tested to agree)."""
    have = ~np.isnan(X)
    wmat = np.where(have, w, 0.0)
    wsum = wmat.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "geometric":
            out = np.exp((np.where(have, np.log(np.where(have, X, 1.0)), 0.0) * wmat).sum(axis=1) / wsum)
        elif method == "harmonic":
            out = wsum / (np.where(have, 1.0 / np.where(have, X, 1.0), 0.0) * wmat).sum(axis=1)
        else:
            out = (np.where(have, X, 0.0) * wmat).sum(axis=1) / wsum
    return np.where(wsum > 0, out, np.nan)


def _deltas(p: _Prep, f: int, bench: np.ndarray) -> np.ndarray:
    """Overall(focus with one area set to its benchmark) - overall(focus), for every area."""
    out = np.full(len(p.areas), np.nan)
    nd = len(p.dims)
    dim_f = p.dim_scores[f]
    X = np.tile(dim_f, (nd, 1))
    k = np.arange(nd)
    X[k, k] = np.where(np.isfinite(dim_f) & np.isfinite(bench[:nd]), bench[:nd], dim_f)
    out[:nd] = _wmean(X, p.dim_w_arr, p.method) - p.overall[f]
    ni = len(p.inds)
    ind_f = p.ind_scores[f]
    Xi = np.tile(ind_f, (ni, 1))
    k = np.arange(ni)
    Xi[k, k] = np.where(np.isfinite(ind_f) & np.isfinite(bench[nd:]), bench[nd:], ind_f)
    D = np.column_stack([_wmean(Xi[:, cols], p.ind_w_arr[d], p.method) for d, cols in p.dim_cols.items()])
    out[nd:] = _wmean(D, p.dim_w_arr, p.method) - p.overall[f]
    return out


def _quantile_without(p: _Prep, f: int, q: float) -> np.ndarray:
    """Column quantiles (linear interpolation, as numpy's default) of the focus's peer group with
    the focus itself left out, from the group's pre-sorted columns: O(group) per focus."""
    Vs, n = p.sorted_cols[p.group[f]]  # sorted ascending, NaN last; n = values per column
    m, A = Vs.shape
    s = p.S[f]
    has = np.isfinite(s)
    size = n - has.astype(int)  # peers with a value
    h = q * np.maximum(size - 1, 0)
    lo = np.floor(h).astype(int)
    hi = np.minimum(lo + 1, np.maximum(size - 1, 0))
    frac = h - lo
    pos = (Vs < s[None, :]).sum(axis=0)  # where the focus's own value sits (first of equals)
    cols = np.arange(A)

    def at(k: np.ndarray) -> np.ndarray:
        k = np.where(has & (k >= pos), k + 1, k)
        return Vs[np.clip(k, 0, m - 1), cols]

    a, b = at(lo), at(hi)
    out = a + frac * (b - a)
    return np.where(size > 0, out, np.nan)


def _col_quantile(M: np.ndarray, q: float) -> np.ndarray:
    """Column quantiles (linear interpolation) ignoring NaN; fast when there is none."""
    if M.shape[0] == 0:
        return np.full(M.shape[1], np.nan)
    bad = np.isnan(M).any(axis=0)
    out = np.full(M.shape[1], np.nan)
    if (~bad).any():
        out[~bad] = np.quantile(M[:, ~bad], q, axis=0)
    for j in np.flatnonzero(bad):
        col = M[:, j][~np.isnan(M[:, j])]
        if col.size:
            out[j] = np.quantile(col, q)
    return out


# ----------------------------------------------------------------------------------------------
# Grades


def _grade_info(p: _Prep, area: _Area, f: int) -> tuple[str | None, str | None, float | None]:
    """(grade, next grade up, points to reach it) for the focus in this area."""
    rub = p.result.rubric
    if area.level == "dimension":
        scale = rub.scales.get(rub.scoring.scale) if rub.scoring.scale else None
        x = p.S[f, area.col]
    else:
        ind = p.ind_by_id[area.id]
        scale = rub.scales.get(ind.scale) if ind.scale else None
        x = p.values[f, p.ind_pos[area.id]]
        if scale is not None and scale.kind == "ordinal":
            code = _display(p, f, area.id)
            g = scale.find(code) if code else None
            if g is None:
                return None, None, None
            up = scale.next_up(g)
            return g.code, (up.code if up else None), None
    if scale is None or scale.kind != "bands" or not np.isfinite(x):
        return None, None, None
    g = scale.band_of(float(x))
    if g is None:
        return None, None, None
    up = scale.next_up(g)
    if up is None or up.min is None:
        return g.code, None, None
    return g.code, up.code, _r(max(up.min - float(x), 0.0), 2)


def _display(p: _Prep, row: int, ind_id: str) -> str | None:
    if ind_id in p.disp:
        v = p.disp[ind_id][row]
        if isinstance(v, str) and v:
            return v
    ind = p.ind_by_id[ind_id]
    scale = p.result.rubric.scales.get(ind.scale) if ind.scale else None
    x = p.values[row, p.ind_pos[ind_id]]
    if scale is not None and scale.kind == "bands" and np.isfinite(x):
        g = scale.band_of(float(x))
        return g.code if g else None
    return None


def _rule_fires(p: _Prep, rule, f: int) -> tuple[bool, Reason | None]:
    if rule.indicator not in p.ind_ids:
        return False, None
    rub = p.result.rubric
    ind = p.ind_by_id[rule.indicator]
    x = p.values[f, p.ind_pos[rule.indicator]]
    if not np.isfinite(x):
        return False, None
    if rule.min is not None:
        if x < rule.min:
            return True, Reason("rec.weak.rule-min", {"indicator": _text(ind.name), "value": _num(ind, x),
                                                      "min": _num(ind, rule.min)})
        return False, None
    scale = rub.scales.get(ind.scale) if ind.scale else None
    target = scale.find(rule.below) if scale else None
    if target is None:
        return False, None
    code = _display(p, f, rule.indicator)
    g = scale.find(code) if code else (scale.band_of(float(x)) if scale.kind == "bands" else None)
    if g is None:
        return False, None
    if scale.grades.index(g) > scale.grades.index(target):
        params = {"indicator": _text(ind.name), "grade": g.code, "target": target.code}
        if scale.kind == "bands" and target.min is not None:
            params["points"] = _r(max(target.min - float(x), 0.0), 2)
            params["bound"] = float(target.min)
            return True, Reason("rec.weak.rule-below-points", params)
        return True, Reason("rec.weak.rule-below", params)
    return False, None


def _num(ind, x: float) -> float | int:
    """An indicator value as a reason parameter: whole counts stay ints."""
    if ind.kind in ("streak", "awards", "count") or float(x).is_integer():
        return int(round(float(x)))
    return float(round(float(x), 2 if abs(x) < 10 else 1))


# ----------------------------------------------------------------------------------------------
# The recommendation


def recommend(result, focus: str, *, top: int = 3, max_stops: int = 2) -> Recommendation:
    """Weak areas, strengths and hosts to visit for ``focus`` (a region code in ``result``)."""
    if top < 1 or max_stops < 1:
        raise ValueError("top and max_stops must be >= 1")
    p = _prepare(result)
    if focus not in p.pos:
        raise InputError(Issue("focus-not-in-workbook", file=getattr(result.tables, "file", None),
                               params={"region": focus}))
    f = p.pos[focus]
    cfg = p.cfg
    notes: list[Reason] = []
    in_group = p.group == p.group[f]
    peers = np.flatnonzero(in_group)
    peers = peers[peers != f]
    if peers.size == 0:
        notes.append(Reason("rec.note.single-peer", {"group": str(p.group[f])}))
    if p.imp is None:
        notes.append(Reason("rec.note.no-history", {}))

    q = QUANTILES[cfg.benchmark]
    if peers.size:
        bench = _quantile_without(p, f, q)
    else:
        bench = np.full(len(p.areas), np.nan)
    delta = _deltas(p, f, bench)
    sim = _similarity(p, f)
    dist = great_circle_km(p.lat[f], p.lng[f], p.lat, p.lng)
    travel = np.where(np.isfinite(dist), 1.0 / (1.0 + (dist / cfg.half_km) ** 2), 0.0)
    n_group = int(in_group.sum())

    weak: list[WeakArea] = []
    strengths: list[WeakArea] = []
    unjudged: list[str] = []
    can_host: list[str] = []
    rule_hits = {}
    for rule in cfg.grade_rules:
        fired, why = _rule_fires(p, rule, f)
        if fired:
            rule_hits[rule.indicator] = why
    Sp, sf = p.S[peers], p.S[f]
    with np.errstate(invalid="ignore"):
        ranks = (Sp > sf + EPS).sum(axis=0) + 1  # peers strictly better, plus one
        # can host: top quartile of the whole group and clearly ahead of at least one peer
        hosts = (sf >= p.q75[p.group[f]] - EPS) & (Sp <= sf - max(cfg.min_gap, EPS)).any(axis=0)
    for area in p.areas:
        s = p.S[f, area.col]
        if area.level == "indicator" and not np.isfinite(p.values[f, p.ind_pos[area.id]]):
            unjudged.append(area.id)
            continue
        if area.level == "dimension" and not np.isfinite(s):
            if not np.isfinite(p.values[f, p.dim_cols[area.id]]).any():
                unjudged.append(area.id)
            continue  # with data but no score: its indicators do not vary in the group
        if not np.isfinite(s):  # indicator with no spread in the group: nothing to learn there,
            if area.id in rule_hits:  # except what a grade rule says about it
                grade, nxt, dist_next = _grade_info(p, area, f)
                weak.append(WeakArea(area.id, area.level, area.name, float("nan"), float("nan"), float("nan"), 0.0,
                                     None, grade, nxt, dist_next, (area.id,), "grade-rule",
                                     (_value_reason(p, area.id, f), rule_hits[area.id])))
            continue
        b = bench[area.col]
        rank = int(ranks[area.col])
        if area.level == "dimension" and area.id in p.dim_ranks:
            r = p.dim_ranks[area.id][f]
            rank = int(r) if np.isfinite(r) else rank
        grade, nxt, dist_next = _grade_info(p, area, f)
        gap = float(b - s) if np.isfinite(b) else float("nan")
        d = float(delta[area.col]) if np.isfinite(delta[area.col]) else 0.0
        if peers.size and hosts[area.col]:
            can_host.append(area.id)
        flagged = None
        if np.isfinite(b) and gap > EPS and d >= cfg.min_impact - EPS and d > EPS:
            flagged = "impact"
        elif area.level == "indicator" and area.id in rule_hits:
            flagged = "grade-rule"
        if flagged:
            bparams = {"score": _r(s), "benchmark": _r(b) if np.isfinite(b) else None,
                       "kind": {"t": f"rec.benchmark.{cfg.benchmark}"}}
            if area.level == "indicator":
                reasons = [_value_reason(p, area.id, f), Reason("rec.weak.gap-indicator", bparams)]
            else:
                reasons = [Reason("rec.weak.gap", {"area": _text(area.name), **bparams})]
            if d > EPS:
                reasons.append(Reason("rec.weak.impact", {"impact": _r(d, 2)}))
            reasons.append(Reason("rec.weak.rank", {"rank": rank, "n": n_group}))
            if area.id in rule_hits:
                reasons.append(rule_hits[area.id])
            if nxt is not None and dist_next is not None:
                reasons.append(Reason("rec.weak.next-grade", {"grade": grade, "next": nxt, "points": dist_next}))
            weak.append(WeakArea(area.id, area.level, area.name, _r(s, 4), _r(b, 4) if np.isfinite(b) else float("nan"),
                                 _r(gap, 4), _r(max(d, 0.0), 4), rank, grade, nxt, dist_next,
                                 _behind(p, area, f), flagged, tuple(reasons)))
        elif np.isfinite(b) and gap < -EPS and -d >= cfg.min_impact - EPS:
            strengths.append(WeakArea(area.id, area.level, area.name, _r(s, 4), _r(b, 4), _r(gap, 4), _r(-d, 4),
                                      rank, grade, nxt, dist_next, _behind(p, area, f, strongest=True), "impact",
                                      (Reason("rec.strength.gap", {"area": _text(area.name), "score": _r(s),
                                                                   "benchmark": _r(b),
                                                                   "kind": {"t": f"rec.benchmark.{cfg.benchmark}"}}),
                                       Reason("rec.weak.rank", {"rank": rank, "n": n_group}))))
    order = {a.id: a.col for a in p.areas}
    weak.sort(key=lambda w: (-w.impact, -(w.gap if w.gap == w.gap else 0), w.level != "dimension", order[w.area_id]))
    strengths.sort(key=lambda w: (-w.impact, w.gap, w.level != "dimension", order[w.area_id]))

    candidates: dict[str, tuple[Candidate, ...]] = {}
    crit = _Criteria(p, f, peers, sim, travel, dist, [p.area_by_id[w.area_id].col for w in weak]) if weak else None
    for w in weak:
        candidates[w.area_id] = _candidates(p, f, crit, p.area_by_id[w.area_id], sim, dist, top)
        if not candidates[w.area_id]:
            notes.append(Reason("rec.note.no-candidate", {"area": _text(w.name), "gap": cfg.min_gap}))
    if not weak and peers.size:
        notes.append(Reason("rec.note.no-weak", {"kind": {"t": f"rec.benchmark.{cfg.benchmark}"}}))
    if unjudged:
        notes.append(Reason("rec.note.unjudged", {"areas": [_text(p.area_by_id[a].name) for a in unjudged]}))
    trip = _trip(p, weak, candidates, max_stops, cfg.min_impact,
                 lambda ids: _joint_impact(p, f, bench, [p.area_by_id[a].col for a in ids]))
    return Recommendation(
        focus=focus, focus_name=str(p.names[f]), peers=p.result.peers, weak_areas=tuple(weak),
        strengths=tuple(strengths), candidates=candidates, trip=trip, can_host=tuple(can_host),
        unjudged=tuple(unjudged), weights=dict(p.weights), notes=tuple(notes),
    )


def _behind(p: _Prep, area: _Area, f: int, strongest: bool = False) -> tuple[str, ...]:
    if area.level == "indicator":
        return (area.id,)
    cols = p.dim_cols[area.id]
    scored = [(p.ind_scores[f, c], p.ind_ids[c]) for c in cols if np.isfinite(p.ind_scores[f, c])]
    scored.sort(key=lambda t: (-t[0] if strongest else t[0], cols.index(p.ind_pos[t[1]])))
    return tuple(i for _, i in scored)


def _value_reason(p: _Prep, ind_id: str, f: int, host: int | None = None) -> Reason:
    ind = p.ind_by_id[ind_id]
    k = p.ind_pos[ind_id]
    fv = p.values[f, k]
    params: dict[str, Any] = {"indicator": _text(ind.name), "focus": _num(ind, fv)}
    fg = _display(p, f, ind_id) if ind.kind in ("grade", "ordinal") else None
    if host is None:
        if fg:
            return Reason("rec.weak.value-grade", {**params, "focus_grade": fg})
        return Reason("rec.weak.value", params)
    params["host"] = _num(ind, p.values[host, k])
    hg = _display(p, host, ind_id) if ind.kind in ("grade", "ordinal") else None
    if ind.kind == "ordinal" and hg and fg:
        return Reason("rec.reason.grade-only", {"indicator": _text(ind.name), "host_grade": hg, "focus_grade": fg})
    if hg and fg:
        return Reason("rec.reason.value-grade", {**params, "host_grade": hg, "focus_grade": fg})
    return Reason("rec.reason.value", params)


class _Criteria:
    """Every criterion for every peer and area at once (peers x areas), for one focus region."""

    def __init__(self, p: _Prep, f: int, peers: np.ndarray, sim: np.ndarray, travel: np.ndarray,
                 dist: np.ndarray, cols: list[int]) -> None:
        self.peers = peers
        P = p.S[peers]
        s = p.S[f]
        m, a = P.shape
        self.P = P
        self.m = {
            "excellence": np.clip((P - p.lo) / p.span, 0, 1),
            "gap": np.clip((P - s[None, :]) / p.span, 0, 1),
            "transferability": np.broadcast_to(sim[peers][:, None], (m, a)),
            "evidence": p.E[peers],
            "improvement": p.imp[peers] if p.imp is not None else np.zeros((m, a)),
            "travel": np.broadcast_to(travel[peers][:, None], (m, a)),
        }
        self.total = sum(p.weights[c] * self.m[c] for c in CRITERIA)
        # who may host each area, and every area's peers in recommendation order, in one sort:
        # total (desc), area score (desc), distance (asc), name, code; non-hosts last
        with np.errstate(invalid="ignore"):
            self.ok = np.isfinite(P) & (P - s[None, :] >= max(p.cfg.min_gap, EPS) - EPS)
        d = np.where(np.isfinite(dist[peers]), dist[peers], np.inf)
        c = np.asarray(cols, dtype=int)
        k = c.size
        keys = (np.broadcast_to(p.code_rank[peers], (k, m)), np.broadcast_to(p.name_rank[peers], (k, m)),
                np.broadcast_to(d, (k, m)), np.where(self.ok[:, c], -np.round(P[:, c], 9), np.inf).T,
                np.where(self.ok[:, c], -np.round(self.total[:, c], 12), np.inf).T)
        order = np.lexsort(keys, axis=-1)  # weak areas x peers (row positions into ``peers``)
        self.order = {int(col): order[j] for j, col in enumerate(c)}


def _candidates(p: _Prep, f: int, cr: _Criteria, area: _Area, sim: np.ndarray, dist: np.ndarray,
                top: int) -> tuple[Candidate, ...]:
    s = p.S[f, area.col]
    out = []
    for r in cr.order[area.col][:top]:
        if not cr.ok[r, area.col]:
            break  # hosts sort first: the rest are not clearly better
        h = int(cr.peers[r])
        hs = cr.P[r, area.col]
        out.append(Candidate(
            code=p.codes[h], name=str(p.names[h]), area_id=area.id, total=_r(cr.total[r, area.col], 4),
            criteria={c: _r(cr.m[c][r, area.col], 4) for c in CRITERIA},
            reasons=_host_reasons(p, f, h, area, sim[h], dist[h]),
            distance_km=_r(dist[h], 1) if np.isfinite(dist[h]) else None, score=_r(hs, 4), gap=_r(hs - s, 4),
        ))
    return tuple(out)


def _host_reasons(p: _Prep, f: int, h: int, area: _Area, sim: float, dist: float) -> tuple[Reason, ...]:
    rub = p.result.rubric
    scores = {"host": _r(p.S[h, area.col]), "focus": _r(p.S[f, area.col])}
    if area.level == "indicator":  # the figures first, then their 0-100 scores
        out = [_value_reason(p, area.id, f, host=h), Reason("rec.reason.score-indicator", scores)]
    else:
        out = [Reason("rec.reason.score", {"area": _text(area.name), **scores})]
    # evidence: credentials where the host is ahead, and awards in the area's dimension
    for cid in p.cred_ids:
        if cid == area.id:
            continue
        k = p.ind_pos[cid]
        hv, fv = p.values[h, k], p.values[f, k]
        if not np.isfinite(hv) or (np.isfinite(fv) and hv <= fv):
            continue
        ind = p.ind_by_id[cid]
        if ind.kind == "streak":
            if hv >= 1:
                out.append(Reason("rec.reason.wtp", {"years": int(hv)}))
        else:
            g = _display(p, h, cid)
            if g:
                out.append(Reason("rec.reason.credential", {"indicator": _text(ind.name), "grade": g}))
    ids = p.award_inds.get(area.dimension) or []
    if ids and area.id not in ids:
        n = p.award_counts[area.dimension][h]
        yrs = p.result.award_years
        if np.isfinite(n) and n > 0 and yrs:
            out.append(Reason("rec.reason.awards", {"count": int(n),
                                                    "dimension": _text(rub.dimension(area.dimension).name),
                                                    "start": str(yrs[0]), "end": str(yrs[1])}))
    if p.gain is not None and np.isfinite(p.gain[h, area.col]) and p.gain[h, area.col] >= 0.05:
        out.append(Reason("rec.reason.improved", {"points": _r(p.gain[h, area.col]), "year": str(p.base_year)}))
    if p.tipe[h] == p.tipe[f] and p.tipe[f] in ("kota", "kabupaten"):
        out.append(Reason("rec.reason.same-type", {"type": {"t": f"rec.type.{p.tipe[f]}"}}))
    if np.isfinite(p.pop[h]) and np.isfinite(p.pop[f]) and p.pop[f] > 0 and 0.5 <= p.pop[h] / p.pop[f] <= 2:
        out.append(Reason("rec.reason.similar-population", {"host": int(p.pop[h]), "focus": int(p.pop[f])}))
    if np.isfinite(dist):
        out.append(Reason("rec.reason.distance", {"km": int(round(dist))}))
    return tuple(out)


# ----------------------------------------------------------------------------------------------
# Trip plan


def _joint_impact(p: _Prep, f: int, bench: np.ndarray, cols: list[int]) -> float:
    """Overall points gained if the focus reached the benchmark in all these areas at once (not
    the sum of their impacts: a dimension and its own indicators overlap)."""
    nd = len(p.dims)
    ind = p.ind_scores[f].copy()
    for c in cols:
        if c >= nd and np.isfinite(ind[c - nd]) and np.isfinite(bench[c]):
            ind[c - nd] = max(ind[c - nd], bench[c])
    dims = np.array([_wmean(ind[cs][None, :], p.ind_w_arr[d], p.method)[0] for d, cs in p.dim_cols.items()])
    for c in cols:
        if c < nd and np.isfinite(dims[c]) and np.isfinite(bench[c]):
            dims[c] = max(dims[c], bench[c])
    return float(_wmean(dims[None, :], p.dim_w_arr, p.method)[0] - p.overall[f])


def _trip(p: _Prep, weak: list[WeakArea], candidates: dict[str, tuple[Candidate, ...]], k_max: int,
          min_impact: float, joint=None) -> tuple[TripStop, ...]:
    areas = [w for w in weak if candidates.get(w.area_id)]
    if not areas:
        return ()
    weight = [max(w.impact, min_impact, EPS) for w in areas]
    best: dict[str, dict[int, Candidate]] = {}
    for i, w in enumerate(areas):
        for c in candidates[w.area_id]:
            best.setdefault(c.code, {})[i] = c
    pool = sorted(best)
    masks = {h: sum(1 << i for i in best[h]) for h in pool}

    km_of = {h: _km(best[h]) for h in pool}
    wsum: dict[int, float] = {}

    def value(mask: int) -> float:  # total weight of the covered areas, memoised by bit mask
        v = wsum.get(mask)
        if v is None:
            v = wsum[mask] = round(sum(w for i, w in enumerate(weight) if mask >> i & 1), 9)
        return v

    def key(stops: tuple[str, ...]) -> tuple:
        covered: dict[int, Candidate] = {}
        for h in stops:
            for i, c in best[h].items():
                if i not in covered or c.total > covered[i].total:
                    covered[i] = c
        strength = sum(c.total for c in covered.values())
        km = sum(km_of[h] for h in stops)
        return (-value(_or(masks, stops)), len(stops), -round(strength, 9), round(km, 3), stops)

    n_combos = sum(math.comb(len(pool), k) for k in range(1, min(k_max, len(pool)) + 1))
    if n_combos <= EXACT_TRIP_LIMIT:
        # first the cheap part of the key (covered weight, number of stops) for every set, then
        # the full key only among the sets tied on it
        combos = [c for k in range(1, min(k_max, len(pool)) + 1) for c in combinations(pool, k)]
        cheap = [(-value(_or(masks, c)), len(c)) for c in combos]
        top = min(cheap)
        chosen = min((c for c, k in zip(combos, cheap) if k == top), key=key)
    else:  # greedy: each step adds the host that covers the most uncovered impact
        chosen_l: list[str] = []
        covered = 0
        for _ in range(k_max):
            options = [h for h in pool if h not in chosen_l and masks[h] & ~covered]
            if not options:
                break
            h = min(options, key=lambda h: key(tuple(sorted(chosen_l + [h]))))
            chosen_l.append(h)
            covered |= masks[h]
        chosen = tuple(sorted(chosen_l))
    # assign each covered area to the stop with the best candidate total for it
    assign: dict[str, list[int]] = {h: [] for h in chosen}
    for i in range(len(areas)):
        hosts = [h for h in chosen if i in best[h]]
        if hosts:
            h = max(hosts, key=lambda h: (best[h][i].total, -_km(best[h]), h))
            assign[h].append(i)
    stops = []
    for h in sorted(chosen, key=lambda h: (-sum(weight[i] for i in assign[h]), _km(best[h]), h)):
        if not assign[h]:
            continue
        any_c = next(iter(best[h].values()))
        names = [_text(areas[i].name) for i in assign[h]]
        gain = joint([areas[i].area_id for i in assign[h]]) if joint else sum(areas[i].impact for i in assign[h])
        params = {"areas": names[:TRIP_REASON_NAMES], "impact": _r(max(gain, 0.0), 2)}
        if len(names) > TRIP_REASON_NAMES:
            reasons = [Reason("rec.trip.covers-more", {**params, "more": len(names) - TRIP_REASON_NAMES})]
        else:
            reasons = [Reason("rec.trip.covers", params)]
        reasons += [r for r in any_c.reasons if r.key == "rec.reason.distance"][:1]  # same km as the hosts
        stops.append(TripStop(h, any_c.name, tuple(areas[i].area_id for i in assign[h]), tuple(reasons)))
    return tuple(stops)


def _or(masks: dict[str, int], stops: tuple[str, ...]) -> int:
    m = 0
    for h in stops:
        m |= masks[h]
    return m


def _km(cands: dict[int, Candidate]) -> float:
    c = next(iter(cands.values()))
    return c.distance_km if c.distance_km is not None else float("inf")


__all__ = ["Reason", "WeakArea", "Candidate", "TripStop", "Recommendation", "recommend", "great_circle_km"]
