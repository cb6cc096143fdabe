"""Evaluation rehearsal: the Smart City evaluation instrument, a self-assessment, and what follows.

Pure: plain data (parsed YAML, a read self-assessment) in, frozen result objects out; no file,
terminal or template I/O. :mod:`scorecard.io.rehearsal_file` reads the files.

The instrument (``rubrics/smart_city_evaluation.yaml``, ``kind: evaluation``) is a criteria
matrix: six smart dimensions x three sub-dimensions (2024) against five result dimensions
(Baseline, Output, Outcome, Impact, Quick Win). Each criterion has a level scale, a weight, the
evidence required for each level and the stage (tahap I or II) that checks it. Result-dimension
weights are kept per year ("weight profiles").

How the index is computed (documented in ``docs/rehearsal.md``):

* cell mean ``M[d, r]`` = weight-averaged level of the criteria of smart dimension ``d`` and
  result dimension ``r``;
* result-dimension index ``R[r]`` = smart-dimension-weighted mean of ``M[., r]``;
* smart-dimension index ``S[d]`` = result-weighted mean of ``M[d, .]``;
* overall index ``I`` = result-weighted mean of ``R`` (= smart-weighted mean of ``S``).

``I`` is linear in the levels: raising criterion ``c`` by one level adds ``coef[c]`` points.

Verification rule (tahap II): the level *supported by evidence* is the highest level ``L`` up to
the claimed level such that every evidence item required for levels ``<= L`` has a link or a
document named in the workbook (a blank cell or a "not yet" word does not count). A criterion
whose claimed level is above its supported level is *at risk*: the verified prediction counts it
at the supported level.

Path to the next level: the cheapest set of level raises (a step that only needs missing
evidence costs 1, a real improvement 2 x the criterion's effort; both settable in the YAML) that lifts the overall index to the next band's lower bound (or a target),
found by an exact dynamic programme over (criteria, cost, number of criteria touched); ties go to
fewer criteria, then to the larger gain. See :func:`path_to_target`.
"""

from __future__ import annotations

from scorecard.issues import Phrase

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Mapping

from scorecard.evidence import EvidenceCheck, check_evidence
from scorecard.schema import Ctx, Text

EPS = 1e-9
STAGES = (1, 2)


# ----------------------------------------------------------------------------------------------
# The instrument


@dataclass(frozen=True)
class Level:
    level: int
    label: Text
    description: Text | None = None


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: needed to claim ``level`` (and every level above it)."""

    id: str  # "<criterion id>/L<level>"
    level: int
    text: Text


@dataclass(frozen=True)
class Criterion:
    id: str  # "<sub-dimension>.<result dimension>" unless the YAML names it
    name: Text
    dimension: str
    subdimension: str
    result: str
    weight: float
    stage: int
    evidence: tuple[Evidence, ...]
    effort: int = 1
    source: str = "matrix"  # "matrix" (generated from the result dimension) or "listed" (criteria:)

    def evidence_for(self, level: int) -> tuple[Evidence, ...]:
        """Evidence needed to claim ``level`` (cumulative)."""
        return tuple(e for e in self.evidence if e.level <= level)


@dataclass(frozen=True)
class ResultDimension:
    id: str
    name: Text
    stage: int
    description: Text | None = None


@dataclass(frozen=True)
class SubDimension:
    id: str
    name: Text
    dimension: str
    owner: Text | None = None  # OPD suggested as owner of its evidence (assumed; YAML ``owner``)


@dataclass(frozen=True)
class SmartDimension:
    id: str
    name: Text
    weight: float
    subdimensions: tuple[SubDimension, ...]


@dataclass(frozen=True)
class WeightProfile:
    id: str
    weights: Mapping[str, float]  # result dimension id -> weight
    status: str  # "public" | "partly-public" | "assumed"
    source: Text | None = None
    note: Text | None = None
    label: Text | None = None  # in words: the year and the source ("2021 (surat Kominfo B-1013/...)")

    def title(self, lang: str) -> str:
        """How a user sees the profile: its label, else its source, else its id."""
        if self.label is not None:
            return self.label.get(lang)
        return self.id if self.source is None else f"{self.id} ({self.source.get(lang)})"


@dataclass(frozen=True)
class Band:
    code: str
    label: Text
    min: float  # inclusive lower bound


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    name: Text
    levels: tuple[Level, ...]  # lowest first
    bands: tuple[Band, ...]  # lowest first
    results: tuple[ResultDimension, ...]
    dimensions: tuple[SmartDimension, ...]
    criteria: tuple[Criterion, ...]
    profiles: Mapping[str, WeightProfile]
    default_profile: str
    max_raise: int = 2
    evidence_cost: int = 1  # cost of a level step that only needs evidence (the level is claimed already)
    improvement_cost: int = 2  # cost of a level step that needs real work (times the criterion's effort)
    not_provided: tuple[str, ...] = ()
    description: Text | None = None
    provenance: Text | None = None
    scale_status: str = "assumed"
    bands_status: str = "placeholder"
    verification_rule: Text | None = None
    source: str | None = None
    benchmark_rubric: str | None = None  # the benchmark rubric id the links refer to
    benchmark_links: Mapping[str, BenchmarkLink] = field(default_factory=dict)

    @property
    def min_level(self) -> int:
        return self.levels[0].level

    @property
    def max_level(self) -> int:
        return self.levels[-1].level

    def criterion(self, cid: str) -> Criterion:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def result(self, rid: str) -> ResultDimension:
        return next(r for r in self.results if r.id == rid)

    def dimension(self, did: str) -> SmartDimension:
        return next(d for d in self.dimensions if d.id == did)

    def subdimension(self, sid: str) -> SubDimension:
        return next(s for d in self.dimensions for s in d.subdimensions if s.id == sid)

    def level(self, n: int) -> Level:
        return next(lv for lv in self.levels if lv.level == n)

    def band_of(self, x: float) -> Band | None:
        found = None
        for b in self.bands:
            if x + EPS >= b.min:
                found = b
        return found

    def next_band(self, x: float) -> Band | None:
        for b in self.bands:
            if b.min > x + EPS:
                return b
        return None

    def profile(self, pid: str | None) -> WeightProfile:
        return self.profiles[pid or self.default_profile]


_TOP_KEYS = {"kind", "id", "version", "name", "description", "provenance", "scale", "bands", "weights",
             "result_dimensions", "smart_dimensions", "criteria", "path", "verification", "benchmark"}


@dataclass(frozen=True)
class BenchmarkLink:
    """Which criteria would show a weak area of the benchmark rubric (YAML ``benchmark.links``)."""

    area: str  # a dimension or indicator id of the benchmark rubric
    criteria: tuple[str, ...]  # criterion ids of this instrument


def build_instrument(data: Any, *, file: str | None = None, lines: Mapping[str, int] | None = None) -> Instrument:
    """Check parsed YAML and build an :class:`Instrument`; raise :class:`InputError` listing every
    problem with its key path and line."""
    ctx = Ctx(file, lines or {})
    top = ctx.mapping(data, "", _TOP_KEYS, {"kind", "id", "version", "name", "scale", "bands", "weights",
                                           "result_dimensions", "smart_dimensions"})
    if not top:
        ctx.report.raise_if_errors()
    if top.get("kind") != "evaluation":
        ctx.add("bad-choice", "kind", top.get("kind"), options="evaluation")
    iid = ctx.ident(top.get("id"), "id") or ""
    name = ctx.text(top.get("name"), "name") or Text("", "")
    description = ctx.text(top.get("description"), "description", required=False)
    provenance = ctx.text(top.get("provenance"), "provenance", required=False)

    levels, scale_status = _levels(top.get("scale"), ctx)
    lo = levels[0].level if levels else 1
    hi = levels[-1].level if levels else 5
    bands, bands_status = _bands(top.get("bands"), ctx, lo, hi)
    results = _results(top.get("result_dimensions"), ctx)
    result_ids = [r.id for r in results]
    profiles, default = _profiles(top.get("weights"), ctx, result_ids)
    dims = _dimensions(top.get("smart_dimensions"), ctx, set(result_ids))
    ladders = _ladders(top.get("result_dimensions"), ctx, result_ids, lo, hi)
    criteria = _criteria(top.get("criteria", []), ctx, dims, results, ladders, lo, hi)

    path = ctx.mapping(top.get("path", {}), "path", {"max_raise", "evidence_cost", "improvement_cost"})
    path_ints = {}
    for key, fallback in (("max_raise", 2), ("evidence_cost", 1), ("improvement_cost", 2)):
        value = path.get(key, fallback)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            ctx.add("wrong-type", f"path.{key}", value, expected=Phrase("expected.whole-number-1"))
            value = fallback
        path_ints[key] = value
    ver = ctx.mapping(top.get("verification", {}), "verification", {"rule", "not_provided"})
    rule = ctx.text(ver.get("rule"), "verification.rule", required=False)
    words = ver.get("not_provided", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        ctx.add("wrong-type", "verification.not_provided", words, expected=Phrase("expected.a-list-of-texts"))
        words = []
    bench_rubric, links = _benchmark_links(top.get("benchmark"), ctx, dims, results, criteria)
    ctx.report.raise_if_errors()
    return Instrument(
        id=iid, version=str(top.get("version", "")), name=name, levels=levels, bands=bands, results=results,
        dimensions=dims, criteria=criteria, profiles=profiles, default_profile=default, **path_ints,
        not_provided=tuple(w.strip().lower() for w in words), description=description, provenance=provenance,
        scale_status=scale_status, bands_status=bands_status, verification_rule=rule, source=file,
        benchmark_rubric=bench_rubric, benchmark_links=links,
    )


def _benchmark_links(raw: Any, ctx: Ctx, dims: tuple[SmartDimension, ...], results: tuple[ResultDimension, ...],
                     criteria: tuple[Criterion, ...]) -> tuple[str | None, dict[str, BenchmarkLink]]:
    if raw is None:
        return None, {}
    spec = ctx.mapping(raw, "benchmark", {"rubric", "links"}, {"rubric", "links"})
    rubric = spec.get("rubric")
    if spec and not isinstance(rubric, str):
        ctx.add("wrong-type", "benchmark.rubric", rubric, expected=Phrase("expected.a-rubric-id"))
    links: dict[str, BenchmarkLink] = {}
    raw_links = spec.get("links") or {}
    if not isinstance(raw_links, dict):
        ctx.add("wrong-type", "benchmark.links", raw_links, expected=Phrase("expected.a-mapping-area-link"))
        raw_links = {}
    dim_ids = {d.id for d in dims}
    sub_ids = {s.id for d in dims for s in d.subdimensions}
    res_ids = [r.id for r in results]
    for area, item in raw_links.items():
        p = f"benchmark.links.{area}"
        item = ctx.mapping(item, p, {"dimension", "subdimensions", "results"}, set())
        if not item:
            continue
        subs: set[str] = set()
        if "dimension" in item:
            if item["dimension"] not in dim_ids:
                ctx.add("undeclared-subdimension", f"{p}.dimension", item["dimension"], declared=", ".join(dim_ids))
            else:
                subs |= {s.id for s in next(d for d in dims if d.id == item["dimension"]).subdimensions}
        for j, sid in enumerate(item.get("subdimensions", []) or []):
            if sid not in sub_ids:
                ctx.add("undeclared-subdimension", f"{p}.subdimensions[{j}]", sid, declared=", ".join(sorted(sub_ids)))
            else:
                subs.add(sid)
        rs = item.get("results", ["outcome", "impact"])
        if not isinstance(rs, list):
            ctx.add("wrong-type", f"{p}.results", rs, expected=Phrase("expected.a-list-of-result-dimensions"))
            rs = []
        for j, rid in enumerate(rs):
            if rid not in res_ids:
                ctx.add("undeclared-result", f"{p}.results[{j}]", rid, declared=", ".join(res_ids))
        if not subs:
            ctx.add("wrong-type", p, item, expected=Phrase("expected.a-dimension-or-sub-dimensions"))
            continue
        links[str(area)] = BenchmarkLink(str(area), tuple(c.id for c in criteria
                                                          if c.subdimension in subs and c.result in rs))
    return rubric if isinstance(rubric, str) else None, links


_STATUSES = ("public", "partly-public", "assumed", "placeholder")


def _status(ctx: Ctx, value: Any, path: str) -> str:
    return ctx.choice(value, path, _STATUSES, "assumed") or "assumed"


def _levels(raw: Any, ctx: Ctx) -> tuple[tuple[Level, ...], str]:
    spec = ctx.mapping(raw, "scale", {"status", "note", "levels"}, {"status", "levels"})
    status = _status(ctx, spec.get("status"), "scale.status")
    ctx.text(spec.get("note"), "scale.note", required=False)
    out: list[Level] = []
    items = spec.get("levels")
    if not isinstance(items, list) or len(items) < 2:
        if spec:
            ctx.add("wrong-type", "scale.levels", items, expected=Phrase("expected.a-list-of-at-least-two-levels-lowest-first"))
        return (Level(1, Text("1", "1")), Level(5, Text("5", "5"))), status
    for i, item in enumerate(items):
        p = f"scale.levels[{i}]"
        item = ctx.mapping(item, p, {"level", "label", "description"}, {"level", "label"})
        n = item.get("level")
        if isinstance(n, bool) or not isinstance(n, int):
            if item:
                ctx.add("wrong-type", f"{p}.level", n, expected=Phrase("expected.a-whole-number"))
            continue
        if out and n != out[-1].level + 1:
            ctx.add("levels-not-consecutive", f"{p}.level", n, expected=out[-1].level + 1)
        out.append(Level(n, ctx.text(item.get("label"), f"{p}.label") or Text(str(n), str(n)),
                         ctx.text(item.get("description"), f"{p}.description", required=False)))
    return tuple(out), status


def _bands(raw: Any, ctx: Ctx, lo: int, hi: int) -> tuple[tuple[Band, ...], str]:
    spec = ctx.mapping(raw, "bands", {"status", "note", "grades"}, {"status", "grades"})
    status = _status(ctx, spec.get("status"), "bands.status")
    ctx.text(spec.get("note"), "bands.note", required=False)
    out: list[Band] = []
    items = spec.get("grades")
    if not isinstance(items, list) or not items:
        if spec:
            ctx.add("wrong-type", "bands.grades", items, expected=Phrase("expected.a-list-of-bands-lowest-first"))
        return (), status
    for i, item in enumerate(items):
        p = f"bands.grades[{i}]"
        item = ctx.mapping(item, p, {"code", "label", "min"}, {"code", "label", "min"})
        code = item.get("code")
        m = ctx.number(item.get("min"), f"{p}.min", required=bool(item))
        if not isinstance(code, str) or m is None:
            if item and not isinstance(code, str):
                ctx.add("wrong-type", f"{p}.code", code, expected=Phrase("expected.text"))
            continue
        if not lo <= m <= hi:
            ctx.add("band-outside-scale", f"{p}.min", m, low=lo, high=hi)
        if out and m <= out[-1].min:
            ctx.add("bands-not-ascending", f"{p}.min", m, previous=out[-1].min)
        out.append(Band(code, ctx.text(item.get("label"), f"{p}.label") or Text(code, code), m))
    if out and out[0].min > lo:
        ctx.add("bands-not-from-bottom", "bands.grades[0].min", out[0].min, low=lo)
    return tuple(out), status


def _results(raw: Any, ctx: Ctx) -> tuple[ResultDimension, ...]:
    if not isinstance(raw, list) or not raw:
        ctx.add("wrong-type", "result_dimensions", raw, expected=Phrase("expected.a-non-empty-list-of-result-dimensions"))
        return ()
    out: list[ResultDimension] = []
    for i, item in enumerate(raw):
        p = f"result_dimensions[{i}]"
        item = ctx.mapping(item, p, {"id", "name", "description", "stage", "evidence"}, {"id", "name", "stage"})
        rid = ctx.ident(item.get("id"), f"{p}.id") if item else None
        if rid is None:
            continue
        if any(r.id == rid for r in out):
            ctx.add("duplicate-id", f"{p}.id", rid)
        stage = _stage(item.get("stage"), f"{p}.stage", ctx)
        out.append(ResultDimension(rid, ctx.text(item.get("name"), f"{p}.name") or Text(rid, rid), stage,
                                   ctx.text(item.get("description"), f"{p}.description", required=False)))
    return tuple(out)


def _stage(value: Any, path: str, ctx: Ctx) -> int:
    if value in (1, 2):
        return int(value)
    ctx.add("bad-choice", path, value, options="1, 2")
    return 1


def _evidence_ladder(raw: Any, path: str, ctx: Ctx, lo: int, hi: int) -> dict[int, list[Text]]:
    """``{level: text | [texts]}`` -> level -> evidence texts."""
    out: dict[int, list[Text]] = {}
    if not isinstance(raw, dict):
        ctx.add("wrong-type", path, raw, expected=Phrase("expected.a-mapping-level-evidence-text-or-list-of-texts"))
        return out
    for key, value in raw.items():
        p = f"{path}.{key}"
        if isinstance(key, bool) or not isinstance(key, int) or not lo < key <= hi:
            ctx.add("evidence-level-outside-scale", p, key, low=lo + 1, high=hi)
            continue
        items = value if isinstance(value, list) else [value]
        texts = [ctx.text(v, f"{p}[{j}]" if isinstance(value, list) else p) for j, v in enumerate(items)]
        out[key] = [t for t in texts if t is not None]
    return out


def _ladders(raw: Any, ctx: Ctx, result_ids: list[str], lo: int, hi: int) -> dict[str, dict[int, list[Text]]]:
    out: dict[str, dict[int, list[Text]]] = {}
    if not isinstance(raw, list):
        return out
    for i, item in enumerate(raw):
        if isinstance(item, dict) and item.get("id") in result_ids:
            ev = item.get("evidence")
            out[item["id"]] = _evidence_ladder(ev, f"result_dimensions[{i}].evidence", ctx, lo, hi) if ev else {}
    return out


def _profiles(raw: Any, ctx: Ctx, result_ids: list[str]) -> tuple[dict[str, WeightProfile], str]:
    spec = ctx.mapping(raw, "weights", {"default", "profiles"}, {"default", "profiles"})
    profiles: dict[str, WeightProfile] = {}
    praw = spec.get("profiles")
    if not isinstance(praw, dict) or not praw:
        if spec:
            ctx.add("wrong-type", "weights.profiles", praw, expected=Phrase("expected.a-mapping-profile-weights"))
        return profiles, ""
    for pid, p in praw.items():
        path = f"weights.profiles.{pid}"
        pid = str(pid)
        p = ctx.mapping(p, path, {"status", "source", "note", "label", *result_ids}, {"status", *result_ids})
        if not p:
            continue
        weights: dict[str, float] = {}
        for rid in result_ids:
            w = ctx.number(p.get(rid), f"{path}.{rid}")
            if w is not None and w < 0:
                ctx.add("negative-weight", f"{path}.{rid}", w)
                w = None
            if w is not None:
                weights[rid] = w
        if weights and sum(weights.values()) <= 0:
            ctx.add("weights-sum-zero", path, pid)
        profiles[pid] = WeightProfile(pid, weights, _status(ctx, p.get("status"), f"{path}.status"),
                                      ctx.text(p.get("source"), f"{path}.source", required=False),
                                      ctx.text(p.get("note"), f"{path}.note", required=False),
                                      ctx.text(p.get("label"), f"{path}.label", required=False))
    default = str(spec.get("default", ""))
    if default not in profiles:
        ctx.add("bad-choice", "weights.default", spec.get("default"), options=", ".join(profiles))
    return profiles, default


def _dimensions(raw: Any, ctx: Ctx, result_ids: set[str]) -> tuple[SmartDimension, ...]:
    if not isinstance(raw, list) or not raw:
        ctx.add("wrong-type", "smart_dimensions", raw, expected=Phrase("expected.a-non-empty-list-of-smart-dimensions"))
        return ()
    out: list[SmartDimension] = []
    seen: set[str] = set(result_ids)
    for i, item in enumerate(raw):
        p = f"smart_dimensions[{i}]"
        item = ctx.mapping(item, p, {"id", "name", "weight", "subdimensions"}, {"id", "name", "subdimensions"})
        did = ctx.ident(item.get("id"), f"{p}.id") if item else None
        if did is None:
            continue
        if did in seen:
            ctx.add("duplicate-id", f"{p}.id", did)
        seen.add(did)
        weight = ctx.number(item.get("weight", 1), f"{p}.weight", positive=True) or 1.0
        subs: list[SubDimension] = []
        sraw = item.get("subdimensions")
        if not isinstance(sraw, list) or not sraw:
            ctx.add("wrong-type", f"{p}.subdimensions", sraw, expected=Phrase("expected.a-non-empty-list-of-sub-dimensions"))
            sraw = []
        for j, s in enumerate(sraw):
            sp = f"{p}.subdimensions[{j}]"
            s = ctx.mapping(s, sp, {"id", "name", "owner"}, {"id", "name"})
            sid = ctx.ident(s.get("id"), f"{sp}.id") if s else None
            if sid is None:
                continue
            if sid in seen:
                ctx.add("duplicate-id", f"{sp}.id", sid)
            seen.add(sid)
            subs.append(SubDimension(sid, ctx.text(s.get("name"), f"{sp}.name") or Text(sid, sid), did,
                                     ctx.text(s.get("owner"), f"{sp}.owner", required=False)))
        out.append(SmartDimension(did, ctx.text(item.get("name"), f"{p}.name") or Text(did, did), weight,
                                  tuple(subs)))
    return tuple(out)


def _criteria(raw: Any, ctx: Ctx, dims: tuple[SmartDimension, ...], results: tuple[ResultDimension, ...],
              ladders: dict[str, dict[int, list[Text]]], lo: int, hi: int) -> tuple[Criterion, ...]:
    """Every (sub-dimension, result dimension) cell gets the criteria listed for it under
    ``criteria:``, or else one criterion generated from the result dimension's defaults."""
    subs = {s.id: s for d in dims for s in d.subdimensions}
    rmap = {r.id: r for r in results}
    listed: dict[tuple[str, str], list[Criterion]] = {}
    ids: set[str] = set()
    if not isinstance(raw, list):
        ctx.add("wrong-type", "criteria", raw, expected=Phrase("expected.a-list-of-criteria"))
        raw = []
    for i, item in enumerate(raw):
        p = f"criteria[{i}]"
        item = ctx.mapping(item, p, {"id", "subdimension", "result", "name", "weight", "stage", "evidence",
                                     "effort"}, {"subdimension", "result", "name"})
        if not item:
            continue
        sid, rid = item.get("subdimension"), item.get("result")
        if sid not in subs:
            ctx.add("undeclared-subdimension", f"{p}.subdimension", sid, declared=", ".join(subs))
        if rid not in rmap:
            ctx.add("undeclared-result", f"{p}.result", rid, declared=", ".join(rmap))
        weight = ctx.number(item.get("weight", 1), f"{p}.weight", positive=True) or 1.0
        effort = item.get("effort", 1)
        if isinstance(effort, bool) or not isinstance(effort, int) or effort < 1:
            ctx.add("wrong-type", f"{p}.effort", effort, expected=Phrase("expected.whole-number-1"))
            effort = 1
        if sid not in subs or rid not in rmap:
            continue
        cid = item.get("id", f"{sid}.{rid}")
        if not isinstance(cid, str) or not cid or any(ch.isspace() or ch == "/" for ch in cid):
            ctx.add("bad-id", f"{p}.id", cid)
            continue
        if cid in ids:
            ctx.add("duplicate-id", f"{p}.id", cid)
        ids.add(cid)
        stage = _stage(item.get("stage"), f"{p}.stage", ctx) if "stage" in item else rmap[rid].stage
        ladder = (_evidence_ladder(item["evidence"], f"{p}.evidence", ctx, lo, hi) if "evidence" in item
                  else ladders.get(rid, {}))
        listed.setdefault((sid, rid), []).append(Criterion(
            cid, ctx.text(item.get("name"), f"{p}.name") or Text(cid, cid), subs[sid].dimension, sid, rid, weight,
            stage, _evidence(cid, ladder), effort, "listed"))
    out: list[Criterion] = []
    for d in dims:
        for s in d.subdimensions:
            for r in results:
                if (s.id, r.id) in listed:
                    out.extend(listed[(s.id, r.id)])
                    continue
                cid = f"{s.id}.{r.id}"
                if cid in ids:
                    ctx.add("duplicate-id", "criteria", cid)
                name = Text(f"{s.name.id} — {r.name.id}", f"{s.name.en} — {r.name.en}")
                out.append(Criterion(cid, name, d.id, s.id, r.id, 1.0, r.stage, _evidence(cid, ladders.get(r.id, {}))))
    return tuple(out)


def _evidence(cid: str, ladder: Mapping[int, list[Text]]) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for level in sorted(ladder):
        texts = ladder[level]
        for k, text in enumerate(texts):
            suffix = f"L{level}" if len(texts) == 1 else f"L{level}{chr(97 + k)}"
            out.append(Evidence(f"{cid}/{suffix}", level, text))
    return tuple(out)


# ----------------------------------------------------------------------------------------------
# A filled self-assessment


@dataclass(frozen=True)
class OfficialResult:
    """An official (or a peer's) result as the Kominfo/Komdigi letter gives it."""

    year: int | None = None
    overall: float | None = None
    results: Mapping[str, float] = field(default_factory=dict)
    dimensions: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PeerResult:
    code: str
    name: str
    result: OfficialResult
    criteria: Mapping[str, int] = field(default_factory=dict)  # criterion id -> level, if shared


@dataclass(frozen=True)
class Assessment:
    """What the planner filled in: claimed levels, the evidence named per evidence item, notes."""

    region_code: str | None
    region_name: str
    levels: Mapping[str, int]  # criterion id -> claimed level
    evidence: Mapping[str, str]  # evidence id -> link / document text (only non-blank cells)
    notes: Mapping[str, str] = field(default_factory=dict)
    year: int | None = None
    profile: str | None = None  # weight profile named in the workbook
    last: OfficialResult | None = None
    peers: tuple[PeerResult, ...] = ()
    file: str | None = None
    cells: Mapping[str, tuple[str, int, str]] = field(default_factory=dict)  # id -> (sheet, row, letter)
    blank: tuple[str, ...] = ()  # criteria left blank (counted at the lowest level)
    illustrative: bool = False  # the workbook says its values are made up (sample data)


def evidence_provided(ins: Instrument, text: str | None) -> bool:
    """Whether an evidence cell counts: the rule of :mod:`scorecard.evidence` (a document
    reference counts; blanks, placeholders, negations, statements of intent or progress and
    text the rule cannot classify do not), with the instrument's ``verification.not_provided``
    words added to the "not yet" words."""
    return check_evidence(text, ins.not_provided).counts


def supported_level(ins: Instrument, crit: Criterion, claimed: int, evidence: Mapping[str, str]) -> int:
    """The highest level <= ``claimed`` whose evidence (cumulative) is all provided."""
    best = ins.min_level
    for lv in range(ins.min_level + 1, claimed + 1):
        if all(evidence_provided(ins, evidence.get(e.id)) for e in crit.evidence if e.level == lv):
            best = lv
        else:
            break
    return best


# ----------------------------------------------------------------------------------------------
# Prediction


@dataclass(frozen=True)
class Prediction:
    overall: float
    results: Mapping[str, float]
    dimensions: Mapping[str, float]
    band: Band | None


def _norm_weights(ins: Instrument, profile: WeightProfile) -> tuple[dict[str, float], dict[str, float]]:
    wr = {r.id: profile.weights.get(r.id, 0.0) for r in ins.results}
    total_r = sum(wr.values())
    wd = {d.id: d.weight for d in ins.dimensions}
    total_d = sum(wd.values())
    return {k: v / total_r for k, v in wr.items()}, {k: v / total_d for k, v in wd.items()}


def predict(ins: Instrument, levels: Mapping[str, int], profile: WeightProfile | str | None = None) -> Prediction:
    """Predicted indices for ``levels`` (criterion id -> level; a missing criterion counts at the
    lowest level)."""
    prof = profile if isinstance(profile, WeightProfile) else ins.profile(profile)
    wr, wd = _norm_weights(ins, prof)
    cell_sum: dict[tuple[str, str], float] = {}
    cell_w: dict[tuple[str, str], float] = {}
    for c in ins.criteria:
        key = (c.dimension, c.result)
        cell_sum[key] = cell_sum.get(key, 0.0) + c.weight * levels.get(c.id, ins.min_level)
        cell_w[key] = cell_w.get(key, 0.0) + c.weight
    cell = {k: cell_sum[k] / cell_w[k] for k in cell_sum}
    results = {r.id: sum(wd[d.id] * cell[(d.id, r.id)] for d in ins.dimensions if (d.id, r.id) in cell)
               / (sum(wd[d.id] for d in ins.dimensions if (d.id, r.id) in cell) or 1) for r in ins.results}
    dims = {}
    for d in ins.dimensions:
        keys = [r.id for r in ins.results if (d.id, r.id) in cell]
        tot = sum(wr[r] for r in keys)
        dims[d.id] = sum(wr[r] * cell[(d.id, r)] for r in keys) / tot if tot else float("nan")
    overall = sum(wr[r.id] * results[r.id] for r in ins.results)
    return Prediction(overall, results, dims, ins.band_of(overall))


def coefficients(ins: Instrument, profile: WeightProfile | str | None = None) -> dict[str, float]:
    """Points the overall index gains per level raised, for each criterion."""
    prof = profile if isinstance(profile, WeightProfile) else ins.profile(profile)
    wr, wd = _norm_weights(ins, prof)
    cell_w: dict[tuple[str, str], float] = {}
    for c in ins.criteria:
        cell_w[(c.dimension, c.result)] = cell_w.get((c.dimension, c.result), 0.0) + c.weight
    dims_in_result: dict[str, float] = {}
    for (d, r) in cell_w:
        dims_in_result[r] = dims_in_result.get(r, 0.0) + wd[d]
    return {c.id: wr[c.result] * wd[c.dimension] / dims_in_result[c.result] * c.weight / cell_w[(c.dimension, c.result)]
            for c in ins.criteria}


def apply_levels(levels: Mapping[str, int], changes: Mapping[str, int]) -> dict[str, int]:
    """A copy of ``levels`` with ``changes`` applied (re-scoring for what-if)."""
    out = dict(levels)
    out.update(changes)
    return out


# ----------------------------------------------------------------------------------------------
# Path to the next level


@dataclass(frozen=True)
class Step:
    criterion: str
    from_level: int
    to_level: int
    gain: float  # points added to the overall index
    cost: int
    evidence_only: bool = False  # the claimed level already reaches to_level: only evidence is missing
    evidence_steps: int = 0  # how many of the levels raised only need evidence (the rest need real work)

    @property
    def order(self) -> int:
        """0: only evidence to complete; 1: evidence, then real work; 2: real work only."""
        return 0 if self.evidence_only else (1 if self.evidence_steps else 2)

    @property
    def evidence_gain(self) -> float:
        """Points from the levels that only need their evidence completed."""
        return self.gain * self.evidence_steps / max(self.to_level - self.from_level, 1)


@dataclass(frozen=True)
class PathPlan:
    start: float
    target: float
    target_band: Band | None
    steps: tuple[Step, ...]
    reached: bool
    max_reachable: float
    method: str = "dp"

    @property
    def gain(self) -> float:
        return sum(s.gain for s in self.steps)

    @property
    def cost(self) -> int:
        return sum(s.cost for s in self.steps)

    def changes(self) -> dict[str, int]:
        return {s.criterion: s.to_level for s in self.steps}

    @property
    def evidence_gain(self) -> float:
        """Points the plan gets by completing evidence for levels already claimed."""
        return sum(s.evidence_gain for s in self.steps)

    @property
    def improvement_gain(self) -> float:
        """Points the plan gets from real improvements (levels not claimed yet)."""
        return self.gain - self.evidence_gain


def path_to_target(ins: Instrument, levels: Mapping[str, int], profile: WeightProfile | str | None = None,
                   target: float | None = None, *, max_raise: int | None = None,
                   claimed: Mapping[str, int] | None = None) -> PathPlan | None:
    """The cheapest set of level raises lifting the overall index to ``target`` (default: the
    lower bound of the next band). ``None`` when already in the top band and no target is given.

    Costs: a level step that only needs evidence (the level is already claimed, ``claimed``) costs
    ``evidence_cost``; a step that needs real work costs ``improvement_cost x effort`` (YAML
    ``path:`` and the criterion's ``effort``).

    Exact method: each criterion ``c`` may be raised by ``k = 0..m_c`` levels (``m_c`` = at most
    ``max_raise`` and up to the top level), costing the sum of its step costs and adding
    ``k * coef_c`` points (the index is linear in the levels). A dynamic programme over the
    criteria keeps, for every (total cost, number of criteria raised), the largest gain reachable —
    an exhaustive multiple-choice knapsack, so the answer is optimal: least cost, then fewest
    criteria, then largest gain. The only pruning is a cost bound taken from a feasible greedy
    solution, which can never cut off an optimum.
    """
    prof = profile if isinstance(profile, WeightProfile) else ins.profile(profile)
    start = predict(ins, levels, prof).overall
    band = None
    if target is None:
        band = ins.next_band(start)
        if band is None:
            return None
        target = band.min
    else:
        band = next((b for b in ins.bands if abs(b.min - target) < EPS), None)
    gap = target - start
    coef = coefficients(ins, prof)
    mr = ins.max_raise if max_raise is None else max_raise
    claimed = claimed or {}
    # option: criterion, current level, cost of raising by k (index k-1), evidence-only flags
    options: list[tuple[Criterion, int, list[int]]] = []
    for c in ins.criteria:
        cur = levels.get(c.id, ins.min_level)
        m = min(mr, ins.max_level - cur)
        if m <= 0 or coef[c.id] <= 0:
            continue
        costs, total = [], 0
        for j in range(1, m + 1):
            total += ins.evidence_cost if cur + j <= claimed.get(c.id, ins.min_level) else ins.improvement_cost * c.effort
            costs.append(total)
        options.append((c, cur, costs))
    max_reachable = start + sum(coef[c.id] * len(costs) for c, _, costs in options)
    if gap <= EPS:
        return PathPlan(start, target, band, (), True, max_reachable)
    if max_reachable < target - EPS:
        return PathPlan(start, target, band, (), False, max_reachable)

    # feasible greedy solution (whole raises, best points per cost first) -> cost bound
    bound, acc = 0, 0.0
    for c, _, costs in sorted(options, key=lambda o: -coef[o[0].id] * len(o[2]) / o[2][-1]):
        if acc >= gap - EPS:
            break
        acc += coef[c.id] * len(costs)
        bound += costs[-1]
    # dp[(cost, n)] = (gain, chain) ; chain = (prev_chain, index into options, k)
    dp: dict[tuple[int, int], tuple[float, Any]] = {(0, 0): (0.0, None)}
    for idx, (c, _, costs) in enumerate(options):
        new = dict(dp)
        for (cost, n), (gain, chain) in dp.items():
            for k, step_cost in enumerate(costs, start=1):
                nc = cost + step_cost
                if nc > bound:
                    break
                key = (nc, n + 1)
                g = gain + k * coef[c.id]
                if key not in new or g > new[key][0] + EPS:
                    new[key] = (g, (chain, idx, k))
        dp = new
    best_key = min((key for key, (g, _) in dp.items() if g >= gap - EPS), default=None)
    assert best_key is not None  # the greedy solution is within the bound
    chain = dp[best_key][1]
    picks: list[tuple[int, int]] = []
    while chain is not None:
        chain, idx, k = chain
        picks.append((idx, k))
    steps = []
    for idx, k in sorted(picks):
        c, cur, costs = options[idx]
        to = cur + k
        ev_steps = max(0, min(to, claimed.get(c.id, ins.min_level)) - cur)
        steps.append(Step(c.id, cur, to, k * coef[c.id], costs[k - 1], evidence_only=ev_steps == k,
                          evidence_steps=ev_steps))
    steps.sort(key=lambda s: (s.order, -s.gain, s.criterion))  # evidence first, then real improvements
    return PathPlan(start, target, band, tuple(steps), True, max_reachable)


# ----------------------------------------------------------------------------------------------
# The rehearsal


@dataclass(frozen=True)
class MissingEvidence:
    """An evidence item needed for the claimed level that does not count (yet): what the cell
    says (``written``, ``None`` when blank) and why it does not count (``check``)."""

    criterion: str
    evidence: Evidence
    claimed: int
    written: str | None = None
    check: EvidenceCheck | None = None

    @property
    def needs_check(self) -> bool:
        """The rule could not classify the cell ("perlu dicek"): listed on its own in the report."""
        return self.check is not None and self.check.needs_check


@dataclass(frozen=True)
class Risk:
    criterion: str
    claimed: int
    supported: int
    points: float  # overall points lost if verified at the supported level
    missing: tuple[Evidence, ...]


@dataclass(frozen=True)
class PeerAdvice:
    """The peer to ask about one weak criterion, chosen by the shared host logic
    (:func:`scorecard.hosts.rank_hosts`: strength in the criterion, then context — type, size,
    money — and distance)."""

    criterion: str
    peer: PeerResult
    basis: str  # "criterion" (its shared level) | "estimate" (dimension + result - overall) | "dimension"
    peer_value: float
    our_value: float  # our evidence-backed level of the criterion
    reasons: tuple[Any, ...] = ()  # hosts.Reason: context ("sama-sama kota", "115 km", ...)
    tradeoff: Any = None  # hosts.Reason when the strongest peer is not the one named
    best: str | None = None  # name of the strongest peer on the criterion (may be the one named)


@dataclass(frozen=True)
class Visit:
    """A peer worth visiting (studi tiru): the weak criteria it is the strongest on, and the index
    points those criteria carry (their gain on the path plus the points at risk)."""

    peer: PeerResult
    criteria: tuple[str, ...]
    points: float


@dataclass(frozen=True)
class Rehearsal:
    instrument: Instrument
    assessment: Assessment
    stage: int
    profile: WeightProfile
    claimed: Prediction
    verified: Prediction
    supported: Mapping[str, int]
    missing: tuple[MissingEvidence, ...]
    risks: tuple[Risk, ...]
    path: PathPlan | None
    advice: tuple[PeerAdvice, ...]
    visits: tuple[Visit, ...] = ()

    @property
    def primary(self) -> Prediction:
        """The evidence-backed prediction, in both stages: what a team should aim from. The claimed
        one (:attr:`claimed`) is always shown next to it."""
        return self.verified

    @property
    def primary_levels(self) -> dict[str, int]:
        return dict(self.supported)

    @property
    def needs_check(self) -> tuple[MissingEvidence, ...]:
        """Evidence cells the rule could not classify ("perlu dicek"): not counted, listed."""
        return tuple(m for m in self.missing if m.needs_check)

    @property
    def predicted_after(self) -> float | None:
        """The overall index re-scored with the path's raises made (``None`` without a path that
        reaches its target)."""
        if self.path is None or not self.path.reached:
            return None
        return predict(self.instrument, apply_levels(self.primary_levels, self.path.changes()), self.profile).overall


def rehearse(ins: Instrument, assessment: Assessment, stage: int, *, profile: str | None = None,
             target: float | None = None, places: Mapping[str, Any] | None = None) -> Rehearsal:
    """The rehearsal of ``stage``. ``places``: what is known about the focus and the peers
    (code -> :class:`scorecard.hosts.Place`: type, coordinates, population, …) for choosing the peer
    to ask; without it the strongest peer on each criterion is named."""
    if stage not in STAGES:
        raise ValueError(stage)
    pid = profile or assessment.profile or ins.default_profile
    prof = ins.profile(pid)
    levels = {c.id: assessment.levels.get(c.id, ins.min_level) for c in ins.criteria}
    supported = {c.id: supported_level(ins, c, levels[c.id], assessment.evidence) for c in ins.criteria}
    claimed_pred = predict(ins, levels, prof)
    verified_pred = predict(ins, supported, prof)
    coef = coefficients(ins, prof)
    missing: list[MissingEvidence] = []
    risks: list[Risk] = []
    for c in ins.criteria:
        need: list[Evidence] = []
        for e in c.evidence_for(levels[c.id]):
            written = assessment.evidence.get(e.id)
            check = check_evidence(written, ins.not_provided)
            if not check.counts:
                need.append(e)
                missing.append(MissingEvidence(c.id, e, levels[c.id], written, check))
        if supported[c.id] < levels[c.id]:
            risks.append(Risk(c.id, levels[c.id], supported[c.id], coef[c.id] * (levels[c.id] - supported[c.id]),
                              tuple(need)))
    risks.sort(key=lambda r: (-r.points, r.criterion))
    # both stages plan from the evidence-backed levels: a claim without evidence is not a level yet,
    # and completing its evidence is the cheapest step (``claimed``)
    plan = path_to_target(ins, supported, prof, target, claimed=levels)
    advice = _advice(ins, assessment, supported, plan, risks, places)
    missing.sort(key=lambda m: (ins.criterion(m.criterion).stage, m.evidence.level))  # tahap I documents first
    return Rehearsal(ins, assessment, stage, prof, claimed_pred, verified_pred, supported, tuple(missing),
                     tuple(risks), plan, advice, _visits(advice, plan, risks))


def _visits(advice: tuple[PeerAdvice, ...], plan: PathPlan | None, risks: list[Risk]) -> tuple[Visit, ...]:
    """Peers by the index points their criteria carry. The path starts from the evidence-backed
    level, so its gain already includes the points at risk; a criterion off the path carries its
    risk."""
    gain = {s.criterion: s.gain for s in plan.steps} if plan else {}
    risk = {r.criterion: r.points for r in risks}
    by_peer: dict[str, tuple[PeerResult, list[str], float]] = {}
    for adv in advice:
        peer, crits, pts = by_peer.get(adv.peer.code, (adv.peer, [], 0.0))
        crits.append(adv.criterion)
        g, r = gain.get(adv.criterion, 0.0), risk.get(adv.criterion, 0.0)
        by_peer[adv.peer.code] = (peer, crits, pts + (g if adv.criterion in gain else r))
    visits = [Visit(p, tuple(c), pts) for p, c, pts in by_peer.values()]
    visits.sort(key=lambda v: (-v.points, v.peer.name))
    return tuple(visits)


MIN_LEAD = 0.25  # a peer is named only when it leads our evidence-backed level by a quarter level or more
FOCUS = "_focus"  # stand-in code when the self-assessment names no region


def peer_value(ins: Instrument, p: PeerResult, c: Criterion) -> tuple[float, str] | None:
    """A peer's value on one criterion, on the level scale, and how it was obtained:

    * ``criterion``: the level it shared (a ``rekan`` column headed with the criterion code);
    * ``estimate``: its official index on the criterion's smart dimension plus its index on the
      criterion's result dimension minus its overall index (a two-way additive reading of the
      official letter), kept inside the scale;
    * ``dimension``: its smart-dimension index alone (when the others are not entered)."""
    if c.id in p.criteria:
        return float(p.criteria[c.id]), "criterion"
    d = p.result.dimensions.get(c.dimension)
    r = p.result.results.get(c.result)
    if d is not None and r is not None and p.result.overall is not None:
        return min(max(d + r - p.result.overall, float(ins.min_level)), float(ins.max_level)), "estimate"
    if d is not None:
        return float(d), "dimension"
    return None


def _advice(ins: Instrument, a: Assessment, levels: Mapping[str, int], plan: PathPlan | None,
            risks: list[Risk], places: Mapping[str, Any] | None) -> tuple[PeerAdvice, ...]:
    """For each weak criterion (on the path, or at risk) the peer to ask, by the shared host logic:
    values = our evidence-backed level and each peer's :func:`peer_value`. Strength first: a peer
    must lead us by :data:`MIN_LEAD` and be within :data:`MIN_LEAD` of the strongest peer on that
    criterion; among those, ``scorecard.hosts.rank_hosts`` weighs the lead, context (type,
    population, area, money per resident) and travel."""
    if not a.peers:
        return ()
    from scorecard.hosts import HostSettings, Place, rank_hosts

    weak: list[str] = [s.criterion for s in plan.steps] if plan else []
    weak += [r.criterion for r in risks if r.criterion not in weak]
    focus = a.region_code or FOCUS
    ctx = dict(places or {})
    ctx.setdefault(focus, Place(focus, a.region_name or focus))
    for p in a.peers:
        ctx.setdefault(p.code, Place(p.code, p.name))
    settings = HostSettings(span=float(ins.max_level - ins.min_level))
    by_code = {p.code: p for p in a.peers}
    out: list[PeerAdvice] = []
    for cid in weak:
        c = ins.criterion(cid)
        ours = float(levels.get(cid, ins.min_level))
        values: dict[str, float | None] = {focus: ours}
        basis: dict[str, str] = {}
        for p in a.peers:
            got = peer_value(ins, p, c)
            if got is not None and p.code != focus:
                values[p.code], basis[p.code] = got
        # strength first: a peer more than MIN_LEAD behind the strongest peer on this criterion is
        # not "strong in that criterion"; among the strong ones, context and distance decide
        known = [v for c_, v in values.items() if c_ != focus and v is not None]
        top_value = max(known, default=None)
        weaker = {c_ for c_, v in values.items() if c_ != focus and v is not None and top_value is not None
                  and v < top_value - MIN_LEAD + EPS}
        ranking = rank_hosts(values, focus, ctx, min_gap=MIN_LEAD, top=1, settings=settings, exclude=weaker)
        pick = ranking.pick
        if pick is None:
            continue
        strongest = min((c_ for c_ in basis if values[c_] == top_value), key=lambda c_: by_code[c_].name)
        out.append(PeerAdvice(cid, by_code[pick.code], basis[pick.code], pick.value, ours, pick.reasons,
                              ranking.tradeoff, by_code[strongest].name))
    return tuple(out)


# ----------------------------------------------------------------------------------------------
# Link to the benchmark: weak benchmark areas -> the criteria that would show them


@dataclass(frozen=True)
class WeakBenchmarkArea:
    """A weak area of the benchmark (from ``scorecard.recommend``), as plain data."""

    area: str  # dimension or indicator id of the benchmark rubric
    level: str  # "dimension" | "indicator"
    name: Text
    impact: float  # overall benchmark points gained by reaching the peer benchmark
    host: str | None = None  # the benchmark's host to visit for this area, if any


@dataclass(frozen=True)
class AreaLink:
    area: WeakBenchmarkArea
    dimensions: tuple[str, ...]  # smart dimensions of the linked criteria (instrument order)
    criteria: tuple[str, ...]  # linked criteria, weakest evidence-backed level first
    on_path: tuple[str, ...]  # of those, the ones the path raises
    at_risk: tuple[str, ...]  # of those, the ones claimed above their evidence
    linked: bool  # False: the instrument has no link for this area


@dataclass(frozen=True)
class BenchmarkView:
    """The weak benchmark areas linked to the evaluation, with the size of the comparison."""

    links: tuple[AreaLink, ...]
    regions: int  # regions compared in the benchmark workbook (the focus's peer group)
    workbook: str = ""  # its file name


def link_benchmark(rh: Rehearsal, weak: tuple[WeakBenchmarkArea, ...] | list[WeakBenchmarkArea]
                   ) -> tuple[AreaLink, ...]:
    """Each weak benchmark area with the evaluation criteria that would show it (the instrument's
    ``benchmark.links``), the weakest (evidence-backed level) first, and which of them are on the
    path or at risk. Order: the benchmark's (largest impact first)."""
    ins = rh.instrument
    path = {s.criterion for s in rh.path.steps} if rh.path else set()
    risk = {r.criterion for r in rh.risks}
    order = {c.id: i for i, c in enumerate(ins.criteria)}
    out: list[AreaLink] = []
    for w in weak:
        link = ins.benchmark_links.get(w.area)
        if link is None:
            out.append(AreaLink(w, (), (), (), (), False))
            continue
        crits = sorted(link.criteria, key=lambda c: (rh.supported[c], order[c]))
        dims = tuple(d.id for d in ins.dimensions if any(ins.criterion(c).dimension == d.id for c in crits))
        out.append(AreaLink(w, dims, tuple(crits), tuple(c for c in crits if c in path),
                            tuple(c for c in crits if c in risk), True))
    return tuple(out)


# ----------------------------------------------------------------------------------------------
# A plan before tahap II: the checklist (owner, due date, points at stake) and its timeline


@dataclass(frozen=True)
class ChecklistItem:
    """One evidence item to produce before the evaluation day."""

    criterion: str
    evidence: Evidence
    kind: str  # "evidence": the level is claimed, its evidence is missing; "improve": a real improvement
    points: float  # index points at stake: the criterion's points at risk, or the path step's real gain
    owner: Text | None  # suggested OPD (the sub-dimension's ``owner`` in the instrument)
    due: date | None = None
    written: str | None = None  # what the self-assessment cell says now (evidence items)


@dataclass(frozen=True)
class Phase:
    """A stretch of the timeline to the tahap II date."""

    key: str  # "evidence" | "improve" | "final-check"
    start: date
    end: date
    items: int
    points: float


@dataclass(frozen=True)
class Plan:
    items: tuple[ChecklistItem, ...]  # sorted by points at stake (largest first), then criterion
    today: date | None = None
    until: date | None = None
    phases: tuple[Phase, ...] = ()

    @property
    def days(self) -> int | None:
        return None if self.today is None or self.until is None else (self.until - self.today).days


def plan_before(rh: Rehearsal, today: date | None = None, until: date | None = None) -> Plan:
    """The evidence checklist with owners, points at stake and — when the tahap II date is given —
    due dates and a timeline.

    Items: every evidence item of a claimed level that does not count yet (kind ``evidence``), then
    the evidence of the levels the path raises beyond the claim (kind ``improve``). Points at stake
    of an item = the index points of the level it belongs to (the criterion's coefficient: one
    level). Sorted by points, largest first; at equal points evidence before improvements.

    Timeline (when ``until`` is after ``today``): the last ``min(7, days // 4)`` days (at least 1)
    are kept for a final check; of the days before that, the first 40 % (rounded up) are for
    completing evidence of levels already claimed, the rest for real improvements. Evidence items
    are due at the end of the first phase, improvements at the start of the final check.
    """
    ins = rh.instrument
    coef = coefficients(ins, rh.profile)
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for m in rh.missing:
        seen.add(m.evidence.id)
        items.append(ChecklistItem(m.criterion, m.evidence, "evidence", coef[m.criterion],
                                   ins.subdimension(ins.criterion(m.criterion).subdimension).owner,
                                   written=m.written))
    for st in rh.path.steps if rh.path else ():
        real_from = st.from_level + st.evidence_steps
        if real_from >= st.to_level:
            continue
        crit = ins.criterion(st.criterion)
        for e in crit.evidence:
            if real_from < e.level <= st.to_level and e.id not in seen:
                seen.add(e.id)
                items.append(ChecklistItem(st.criterion, e, "improve", coef[st.criterion],
                                           ins.subdimension(crit.subdimension).owner,
                                           written=rh.assessment.evidence.get(e.id)))
    items.sort(key=lambda i: (-round(i.points, 9), i.kind != "evidence", i.criterion, i.evidence.level, i.evidence.id))
    if today is None or until is None or until <= today:
        return Plan(tuple(items), today, until)
    days = (until - today).days
    final = max(1, min(7, days // 4))
    work_end = until - timedelta(days=final)
    ev_end = today + timedelta(days=max(1, math.ceil((work_end - today).days * 0.4)))
    if ev_end > work_end:
        ev_end = work_end
    due = {"evidence": ev_end, "improve": work_end}
    items = [ChecklistItem(i.criterion, i.evidence, i.kind, i.points, i.owner, due[i.kind], i.written) for i in items]

    def phase(key: str, start: date, end: date, kind: str | None) -> Phase:
        chosen = [i for i in items if i.kind == kind]
        pts = {(i.criterion, i.evidence.level): i.points for i in chosen}  # a level counts once
        return Phase(key, start, end, len(chosen), sum(pts.values()))

    phases = (phase("evidence", today, ev_end, "evidence"), phase("improve", ev_end, work_end, "improve"),
              phase("final-check", work_end, until, None))
    return Plan(tuple(items), today, until, tuple(p for p in phases if p.end > p.start))


__all__ = [
    "Level", "Evidence", "Criterion", "ResultDimension", "SubDimension", "SmartDimension", "WeightProfile",
    "Band", "Instrument", "build_instrument", "OfficialResult", "PeerResult", "Assessment", "evidence_provided",
    "supported_level", "Prediction", "predict", "coefficients", "apply_levels", "Step", "PathPlan",
    "path_to_target", "MissingEvidence", "Risk", "PeerAdvice", "Visit", "Rehearsal", "rehearse",
    "ChecklistItem", "Phase", "Plan", "plan_before", "BenchmarkLink", "WeakBenchmarkArea", "AreaLink",
    "BenchmarkView", "link_benchmark", "peer_value",
]
