"""Render a :class:`~scorecard.rehearsal.Rehearsal`: terminal table, JSON, HTML report, Excel
checklist of the evidence to collect before the evaluation day.

The HTML page is self-contained (CSS inlined; the benchmark report's ``reports/report.css`` is
reused when present), print-ready, autoescaped, and says on top that the figures are a rehearsal
estimate on a partly assumed instrument.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scorecard import i18n, resources
from scorecard.io.output import clean_number, dumps_json, safe_cell, text_table
from scorecard.rehearsal import Plan, Rehearsal, plan_before

TEMPLATE = "rehearsal.html.j2"


def _t(key: str, lang: str, **kw: Any) -> str:
    return i18n.t(f"rehearsal.{key}", lang, **kw)


def _n(x: float | None, lang: str) -> str:
    return i18n.number(x, lang, 2)


def _signed(x: float | None, lang: str) -> str:
    if x is None:
        return "–"
    return ("+" if x >= 0.005 else "") + _n(x, lang)


def _crit_name(rh: Rehearsal, cid: str, lang: str) -> str:
    c = rh.instrument.criterion(cid)
    return f"{rh.instrument.dimension(c.dimension).name.get(lang)} · {c.name.get(lang)}"


def _advice_for(rh: Rehearsal, cid: str) -> Any:
    return next((a for a in rh.advice if a.criterion == cid), None)


def _ask(rh: Rehearsal, cid: str, lang: str) -> str:
    """"Kota Samarinda (perkiraan 3,62; sama-sama kota, 115 km)": the peer, its value on the
    criterion and how it was obtained, and the context reasons of the host logic."""
    from scorecard.hosts import join_reasons

    a = _advice_for(rh, cid)
    if a is None:
        return "–"
    why = join_reasons(a.reasons, lang, ", ")
    key = "ask.value-why" if why else "ask.value"
    return _t(key, lang, peer=a.peer.name, value=_n(a.peer_value, lang), basis=_t(f"ask.basis.{a.basis}", lang),
              why=why)


def _kind(step: Any, lang: str) -> str:
    if step.evidence_only:
        return _t("kind.evidence", lang)
    return _t("kind.mixed", lang) if step.evidence_steps else _t("kind.improve", lang)


def _status_label(status: str, lang: str) -> str:
    return _t(f"status.{status}", lang)


def _own_file(rh: Rehearsal) -> str | None:
    """The instrument's file name when the user passed their own (``--rubric FILE``); ``None`` for
    the bundled one."""
    src = rh.instrument.source
    if not src:
        return None
    try:
        Path(src).resolve().relative_to(resources.rubrics_dir().resolve())
        return None
    except ValueError:
        return Path(src).name


def notice(rh: Rehearsal, lang: str) -> str:
    """The "rehearsal estimate" banner: names the bundled instrument by id and version (never a path
    the user does not have) and the command that prints it; or the user's own file by name."""
    ins, own = rh.instrument, _own_file(rh)
    if own:
        return _t("notice-own", lang, instrument=ins.id, version=ins.version, file=own)
    return _t("notice", lang, instrument=ins.id, version=ins.version)


def instrument_name(rh: Rehearsal, lang: str) -> str:
    ins, own = rh.instrument, _own_file(rh)
    if own:
        return _t("instrument-name-file", lang, instrument=ins.id, version=ins.version, file=own)
    return _t("instrument-name", lang, instrument=ins.id, version=ins.version)


def headline(rh: Rehearsal, lang: str) -> str:
    """Both numbers, the evidence-backed one first."""
    band = rh.verified.band
    return _t("band-line", lang, verified=_n(rh.verified.overall, lang), band=band.label.get(lang) if band else "-",
              claimed=_n(rh.claimed.overall, lang), gap=_n(rh.claimed.overall - rh.verified.overall, lang),
              n=len(rh.risks))


def shown(text: str, limit: int = 60) -> str:
    """User text for a report line: one line, control characters made visible (never sent raw to
    a terminal), cut at ``limit`` characters."""
    import unicodedata

    text = " ".join(str(text).split())
    text = "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf") else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def written(m: Any, lang: str) -> str:
    """What a missing-evidence cell says and why it does not count ("" when blank)."""
    if m.written is None or m.check is None or m.check.verdict == "blank":
        return ""
    text = shown(m.written)
    return _t("written", lang, text=text, why=_t(f"verdict.{m.check.verdict}", lang))


def check_reason(m: Any, lang: str) -> str:
    assert m.check is not None
    return _t(f"check.reason.{m.check.reason}", lang, found=m.check.found)


def prediction_rows(rh: Rehearsal, lang: str) -> list[dict[str, Any]]:
    """Rows: overall, result dimensions, smart dimensions, with claimed, verified, last, change."""
    ins, last = rh.instrument, rh.assessment.last
    primary = rh.primary
    rows = [{"id": "overall", "label": _t("row.overall", lang), "kind": "overall",
             "claimed": rh.claimed.overall, "verified": rh.verified.overall,
             "last": last.overall if last else None}]
    rows += [{"id": r.id, "label": r.name.get(lang), "kind": "result", "claimed": rh.claimed.results[r.id],
              "verified": rh.verified.results[r.id], "last": last.results.get(r.id) if last else None,
              "weight": rh.profile.weights.get(r.id)} for r in ins.results]
    rows += [{"id": d.id, "label": d.name.get(lang), "kind": "dimension", "claimed": rh.claimed.dimensions[d.id],
              "verified": rh.verified.dimensions[d.id], "last": last.dimensions.get(d.id) if last else None}
             for d in ins.dimensions]
    for row in rows:
        rid = str(row["id"])
        value = primary.overall if row["kind"] == "overall" else (
            primary.results[rid] if row["kind"] == "result" else primary.dimensions[rid])
        row["predicted"] = value
        last_value = row["last"]
        row["change"] = None if last_value is None else value - float(last_value)  # type: ignore[arg-type]
    return rows


# ----------------------------------------------------------------------------------------------
# JSON


def rehearsal_dict(rh: Rehearsal, lang: str = "id", plan: Plan | None = None, links: Any = None) -> dict[str, Any]:
    ins, a = rh.instrument, rh.assessment

    def pred(p) -> dict[str, Any]:
        return {"overall": clean_number(p.overall), "band": p.band.code if p.band else None,
                "results": {k: clean_number(v) for k, v in p.results.items()},
                "dimensions": {k: clean_number(v) for k, v in p.dimensions.items()}}

    def advice(cid: str) -> dict[str, Any] | None:
        adv = _advice_for(rh, cid)
        if adv is None:
            return None
        return {"code": adv.peer.code, "name": adv.peer.name, "basis": adv.basis,
                "peer_value": clean_number(adv.peer_value), "our_value": clean_number(adv.our_value),
                "reasons": [r.render(lang) for r in adv.reasons],
                "tradeoff": adv.tradeoff.render(lang) if adv.tradeoff is not None else None,
                "strongest": adv.best}

    path = rh.path
    after = None
    if path is not None and path.reached:
        from scorecard.rehearsal import apply_levels, predict

        after = clean_number(predict(ins, apply_levels(rh.primary_levels, path.changes()), rh.profile).overall)
    return {
        "estimate": True,
        "illustrative": a.illustrative,
        "notice": notice(rh, lang),
        "instrument": {"id": ins.id, "version": ins.version, "scale": [ins.min_level, ins.max_level],
                       "scale_status": ins.scale_status, "bands_status": ins.bands_status},
        "region": {"code": a.region_code, "name": a.region_name},
        "year": a.year,
        "stage": rh.stage,
        "weights": {"profile": rh.profile.id, "label": rh.profile.title(lang), "status": rh.profile.status,
                    "weights": {k: clean_number(v) for k, v in rh.profile.weights.items()}},
        "predicted": clean_number(rh.primary.overall),
        "claimed": pred(rh.claimed),
        "verified": pred(rh.verified),
        "last_official": None if a.last is None else {
            "year": a.last.year, "overall": clean_number(a.last.overall),
            "results": {k: clean_number(v) for k, v in a.last.results.items()},
            "dimensions": {k: clean_number(v) for k, v in a.last.dimensions.items()}},
        "change": None if a.last is None or a.last.overall is None else clean_number(rh.primary.overall - a.last.overall),
        "missing_evidence": [{"criterion": m.criterion, "evidence": m.evidence.id, "level": m.evidence.level,
                              "claimed": m.claimed, "stage": ins.criterion(m.criterion).stage,
                              "text": m.evidence.text.get(lang), "written": m.written,
                              "verdict": m.check.verdict if m.check else "blank",
                              "reason": m.check.reason if m.check else "blank"} for m in rh.missing],
        "needs_check": [{"criterion": m.criterion, "evidence": m.evidence.id, "written": m.written,
                         "reason": m.check.reason if m.check else None, "found": m.check.found if m.check else None,
                         "cell": _cell(rh, m.evidence.id)} for m in rh.needs_check],
        "at_risk": [{"criterion": r.criterion, "claimed": r.claimed, "supported": r.supported,
                     "points": clean_number(r.points), "missing": [e.id for e in r.missing],
                     "ask": advice(r.criterion)} for r in rh.risks],
        "path": None if path is None else {
            "start": clean_number(path.start), "target": clean_number(path.target),
            "target_band": path.target_band.code if path.target_band else None, "reached": path.reached,
            "gain": clean_number(path.gain), "cost": path.cost, "predicted_after": after,
            "max_reachable": clean_number(path.max_reachable), "method": "exact dynamic programme",
            "evidence_gain": clean_number(path.evidence_gain), "improvement_gain": clean_number(path.improvement_gain),
            "steps": [{"criterion": s.criterion, "from": s.from_level, "to": s.to_level,
                       "gain": clean_number(s.gain), "cost": s.cost, "evidence_only": s.evidence_only,
                       "evidence_steps": s.evidence_steps,
                       "ask": advice(s.criterion)} for s in path.steps]},
        "peers": [{"code": p.code, "name": p.name, "overall": clean_number(p.result.overall)} for p in a.peers],
        "visits": [{"code": v.peer.code, "name": v.peer.name, "criteria": list(v.criteria),
                    "points": clean_number(v.points)} for v in rh.visits],
        "plan": _plan_dict(plan if plan is not None else plan_before(rh), lang),
        "benchmark": None if links is None else {
            "workbook": links.workbook, "regions": links.regions,
            "weak_areas": [{"area": ln.area.area, "level": ln.area.level, "name": ln.area.name.get(lang),
                            "impact": clean_number(ln.area.impact), "host": ln.area.host, "linked": ln.linked,
                            "dimensions": list(ln.dimensions),
                            "criteria": [{"criterion": c, "supported": rh.supported[c],
                                          "claimed": a.levels.get(c, ins.min_level), "on_path": c in ln.on_path,
                                          "at_risk": c in ln.at_risk} for c in ln.criteria]}
                           for ln in links.links]},
    }


def _plan_dict(plan: Plan, lang: str) -> dict[str, Any]:
    return {
        "today": plan.today.isoformat() if plan.today else None,
        "until": plan.until.isoformat() if plan.until else None,
        "phases": [{"phase": p.key, "start": p.start.isoformat(), "end": p.end.isoformat(), "items": p.items,
                    "points": clean_number(p.points)} for p in plan.phases],
        "items": [{"criterion": i.criterion, "evidence": i.evidence.id, "level": i.evidence.level, "kind": i.kind,
                   "points": clean_number(i.points), "owner": i.owner.get(lang) if i.owner else None,
                   "due": i.due.isoformat() if i.due else None, "text": i.evidence.text.get(lang)}
                  for i in plan.items],
    }


def _cell(rh: Rehearsal, eid: str) -> str | None:
    where = rh.assessment.cells.get(eid)
    return None if where is None else f"{where[0]}!{where[2]}{where[1]}"


def rehearsal_json(rh: Rehearsal, lang: str = "id", plan: Plan | None = None, links: Any = None) -> str:
    return dumps_json(rehearsal_dict(rh, lang, plan, links))


# ----------------------------------------------------------------------------------------------
# Terminal


def rehearsal_table(rh: Rehearsal, lang: str = "id", plan: Plan | None = None, links: Any = None) -> str:
    ins, a = rh.instrument, rh.assessment
    out: list[str] = []
    out.append(_t("title", lang, region=a.region_name or "-", stage=_t(f"stage.{rh.stage}", lang)))
    if a.illustrative:
        out.append(_t("illustrative", lang))
    out.append(notice(rh, lang))
    out.append(weights_line(rh, lang))
    out.append("")
    last_year = a.last.year if a.last and a.last.year else ""
    header = [_t("col.what", lang), _t("col.claimed", lang), _t("col.verified", lang),
              _t("col.last", lang, year=last_year).strip(), _t("col.change", lang)]
    rows = []
    for row in prediction_rows(rh, lang):
        label = row["label"] if row["kind"] == "overall" else "  " + row["label"]
        rows.append([label, _n(row["claimed"], lang), _n(row["verified"], lang), _n(row["last"], lang),
                     _signed(row["change"], lang)])
    out.append(text_table(header, rows, ["<", ">", ">", ">", ">"]).rstrip("\n"))
    out.append(headline(rh, lang))
    out.append("")
    if rh.stage == 1:
        out.append(_t("missing.title", lang, n=len(rh.missing)))
        if rh.missing:
            mrows = [[m.criterion, str(m.evidence.level), _t("stage-short", lang, n=ins.criterion(m.criterion).stage),
                      m.evidence.text.get(lang), written(m, lang)] for m in rh.missing]
            out.append(text_table([_t("col.criterion", lang), _t("col.level", lang), _t("col.stage", lang),
                                   _t("col.evidence", lang), _t("col.written", lang)], mrows).rstrip("\n"))
    out.append(_t("risk.title", lang, n=len(rh.risks),
                  points=_n(rh.claimed.overall - rh.verified.overall, lang)))
    if rh.risks:
        rrows = [[r.criterion, str(r.claimed), str(r.supported), "-" + _n(r.points, lang),
                  "; ".join(e.text.get(lang) for e in r.missing), _ask(rh, r.criterion, lang)] for r in rh.risks]
        out.append(text_table([_t("col.criterion", lang), _t("col.claimed-level", lang),
                               _t("col.supported", lang), _t("col.points", lang), _t("col.missing", lang),
                               _t("col.ask", lang)], rrows).rstrip("\n"))
    if rh.needs_check:
        out.append("")
        out.extend(check_lines(rh, lang))
    out.append(_t("evidence-rule", lang))
    out.append(_t("rule", lang, rule=ins.verification_rule.get(lang) if ins.verification_rule else "-"))
    out.append("")
    out.extend(path_lines(rh, lang))
    if plan is not None and plan.phases:
        out.append("")
        intro, phases = plan_lines(plan, lang)
        out.append(intro)
        out.extend(f"- {p['text']}" for p in phases)
    if rh.visits:
        out.append("")
        out.extend(visit_lines(rh, lang))
    if links is not None:
        out.append("")
        out.append(_t("html.benchmark", lang))
        out.append(_t("bench.intro", lang, region=a.region_name or "-", n=_bench_n(links)))
        brows = benchmark_rows(rh, links, lang)
        if brows:
            out.append(text_table([_t("bench.col.area", lang), _t("bench.col.impact", lang),
                                   _t("bench.col.dims", lang), _t("bench.col.criteria", lang),
                                   _t("bench.col.host", lang)],
                                  [[r["area"], r["impact"], r["dims"], r["criteria"], r["host"]] for r in brows],
                                  ["<", ">", "<", "<", "<"]).rstrip("\n"))
        else:
            out.append(_t("bench.none", lang))
    return "\n".join(out) + "\n"


def _bench_n(links: Any) -> str:
    return str(links.regions)


def check_lines(rh: Rehearsal, lang: str) -> list[str]:
    """The "perlu dicek" cells: not counted, listed with the cell, its text and why."""
    lines = [_t("check.title", lang, n=len(rh.needs_check)), _t("check.intro", lang)]
    for m in rh.needs_check:
        lines.append(f"- {_cell(rh, m.evidence.id) or m.evidence.id} ({m.evidence.id}): \"{shown(m.written or '')}\" — "
                     f"{check_reason(m, lang)}")
    return lines


def visit_lines(rh: Rehearsal, lang: str) -> list[str]:
    """Title, then one line per host (numbered here; the HTML numbers them with its own list)."""
    lines = [_t("visits.title", lang)]
    for i, v in enumerate(rh.visits, start=1):
        lines.append(f"{i}. " + visit_text(rh, v, lang))
    return lines


def visit_text(rh: Rehearsal, v: Any, lang: str) -> str:
    dims = sorted({rh.instrument.dimension(rh.instrument.criterion(c).dimension).name.get(lang) for c in v.criteria})
    return _t("visits.line", lang, peer=v.peer.name, n=len(v.criteria), points=_n(v.points, lang), dims=", ".join(dims))


def weights_line(rh: Rehearsal, lang: str) -> str:
    parts = ", ".join(f"{r.name.get(lang)} {i18n.number(rh.profile.weights.get(r.id, 0), lang)}"
                      for r in rh.instrument.results)
    return _t("weights", lang, profile=rh.profile.title(lang), status=_status_label(rh.profile.status, lang),
              weights=parts)


def path_summary(rh: Rehearsal, lang: str) -> list[str]:
    """The path's head and, when reachable, "first the evidence, then the real improvements"."""
    plan = rh.path
    if plan is None:
        return [_t("path.top", lang)]
    target_label = plan.target_band.label.get(lang) if plan.target_band else _n(plan.target, lang)
    head = _t("path.title", lang, target=_n(plan.target, lang), band=target_label,
              gap=_n(max(plan.target - plan.start, 0.0), lang), start=_n(plan.start, lang),
              claimed=_n(rh.claimed.overall, lang))
    if not plan.reached:
        return [head, _t("path.unreachable", lang, max=_n(plan.max_reachable, lang), raise_=rh.instrument.max_raise)]
    if not plan.steps:
        return [head, _t("path.already", lang)]
    ev = [s for s in plan.steps if s.evidence_steps]
    real = [s for s in plan.steps if not s.evidence_only]
    first = (_t("path.first", lang, n=len(ev), gain=i18n.number(plan.evidence_gain, lang, 3)) if ev
             else _t("path.first-none", lang))
    then = (_t("path.then", lang, n=len(real), gain=i18n.number(plan.improvement_gain, lang, 3)) if real
            else _t("path.then-none", lang))
    return [head, first, then]


def path_total(rh: Rehearsal, lang: str) -> list[str]:
    plan = rh.path
    if plan is None or not plan.reached or not plan.steps:
        return []
    return [_t("path.total", lang, n=len(plan.steps), gain=i18n.number(plan.gain, lang, 3),
               after=_n(plan.start + plan.gain, lang), cost=plan.cost), _t("path.method", lang)]


def path_lines(rh: Rehearsal, lang: str) -> list[str]:
    plan = rh.path
    lines = path_summary(rh, lang)
    if plan is None or not plan.reached or not plan.steps:
        return lines
    rows = [[s.criterion, f"{s.from_level} → {s.to_level}", "+" + i18n.number(s.gain, lang, 3), str(s.cost),
             _kind(s, lang), _ask(rh, s.criterion, lang)]
            for s in plan.steps]
    table = text_table([_t("col.criterion", lang), _t("col.levels", lang), _t("col.gain", lang),
                        _t("col.cost", lang), _t("col.kind", lang), _t("col.ask", lang)], rows).rstrip("\n")
    return [*lines, table, *path_total(rh, lang)]


# ----------------------------------------------------------------------------------------------
# HTML


def _css() -> str:
    own = resources.reports_dir() / "rehearsal.css"
    shared = resources.reports_dir() / "report.css"
    parts = [p.read_text(encoding="utf-8") for p in (shared, own) if p.is_file()]
    return "\n".join(parts)


def benchmark_rows(rh: Rehearsal, links: Any, lang: str, limit: int = 4) -> list[dict[str, Any]]:
    """One row per weak benchmark area: its impact, the evaluation dimensions and the criteria that
    would show it (weakest first, marked on the path / at risk), the benchmark's host."""
    ins = rh.instrument
    rows = []
    for ln in (links.links if links is not None else ()):
        crit = []
        for cid in ln.criteria[:limit]:
            marks = [_t("bench.mark.path", lang)] if cid in ln.on_path else []
            marks += [_t("bench.mark.risk", lang)] if cid in ln.at_risk else []
            crit.append(f"{cid} ({rh.supported[cid]}/{rh.assessment.levels.get(cid, ins.min_level)}"
                        + (", " + ", ".join(marks) if marks else "") + ")")
        if len(ln.criteria) > limit:
            crit.append(_t("bench.more", lang, n=len(ln.criteria) - limit))
        rows.append({"area": ln.area.name.get(lang), "impact": "+" + _n(ln.area.impact, lang),
                     "dims": ", ".join(ins.dimension(d).name.get(lang) for d in ln.dimensions)
                     if ln.linked else _t("bench.unlinked", lang),
                     "criteria": "; ".join(crit), "host": ln.area.host or "–"})
    return rows


def fmt_date(d: Any, lang: str) -> str:
    """6 November 2025 (Babel, the reader's locale)."""
    if d is None:
        return "–"
    return i18n.date(d, lang)


def plan_lines(plan: Plan | None, lang: str) -> tuple[str, list[dict[str, Any]]]:
    """(intro sentence, phases for the timeline) — or the hint to pass ``--until``."""
    if plan is None or not plan.phases or plan.today is None or plan.until is None:
        return _t("plan.none", lang), []
    total = max((plan.until - plan.today).days, 1)
    phases = []
    for ph in plan.phases:
        label = _t(f"plan.phase.{ph.key}", lang)
        key = "plan.phase.line-final" if ph.key == "final-check" else "plan.phase.line"
        phases.append({"key": ph.key, "width": round(100 * (ph.end - ph.start).days / total, 2),
                       "text": _t(key, lang, start=fmt_date(ph.start, lang), end=fmt_date(ph.end, lang), label=label,
                                  n=ph.items, points=i18n.number(ph.points, lang, 3)),
                       "label": label, "start": fmt_date(ph.start, lang), "end": fmt_date(ph.end, lang)})
    intro = _t("plan.intro", lang, today=fmt_date(plan.today, lang), until=fmt_date(plan.until, lang),
               days=(plan.until - plan.today).days)
    return intro, phases


def rehearsal_html(rh: Rehearsal, lang: str = "id", plan: Plan | None = None, links: Any = None) -> str:
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(resources.reports_dir())), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    ins, a = rh.instrument, rh.assessment
    if plan is None:
        plan = plan_before(rh)

    def t(key: str, **kw: Any) -> str:
        return _t(key, lang, **kw)

    path = rh.path
    steps = []
    if path is not None:
        steps = [{"code": s.criterion, "name": _crit_name(rh, s.criterion, lang), "from": s.from_level,
                  "to": s.to_level, "gain": "+" + i18n.number(s.gain, lang, 3), "cost": s.cost,
                  "kind": _kind(s, lang), "ask": _ask(rh, s.criterion, lang),
                  "evidence": [e.text.get(lang) for e in ins.criterion(s.criterion).evidence
                               if s.from_level < e.level <= s.to_level]} for s in path.steps]
    plan_intro, phases = plan_lines(plan, lang)
    owners = sorted({i.owner.get(lang) for i in plan.items if i.owner is not None})
    last_year = a.last.year if a.last and a.last.year else ""
    facts = [{"label": t("fact.verified"), "text": _n(rh.verified.overall, lang), "main": True},
             {"label": t("fact.claimed"), "text": _n(rh.claimed.overall, lang), "main": False},
             {"label": t("fact.risks"), "text": str(len(rh.risks)), "main": False}]
    if a.last is not None and a.last.overall is not None:
        facts.append({"label": t("fact.last", year=last_year).strip(), "text": _n(a.last.overall, lang), "main": False})
    ctx = {
        "lang": lang, "t": t, "css": Markup(_css()),  # CSS is ours, not user text: never HTML-escaped
        "title": t("title", region=a.region_name or "-", stage=t(f"stage.{rh.stage}")),
        "notice": notice(rh, lang), "weights": weights_line(rh, lang),
        "illustrative": t("illustrative") if a.illustrative else "",
        "rows": [{**r, "claimed_s": _n(r["claimed"], lang), "verified_s": _n(r["verified"], lang),
                  "last_s": _n(r["last"], lang), "change_s": _signed(r["change"], lang)}
                 for r in prediction_rows(rh, lang)],
        "last_year": last_year,
        "headline": headline(rh, lang), "facts": facts,
        "stage": rh.stage,
        "missing": [{"code": m.criterion, "name": _crit_name(rh, m.criterion, lang), "level": m.evidence.level,
                     "stage": ins.criterion(m.criterion).stage, "text": m.evidence.text.get(lang),
                     "written": written(m, lang)} for m in rh.missing],
        "risks": [{"code": r.criterion, "name": _crit_name(rh, r.criterion, lang), "claimed": r.claimed,
                   "supported": r.supported, "points": "-" + _n(r.points, lang),
                   "missing": "; ".join(e.text.get(lang) for e in r.missing), "ask": _ask(rh, r.criterion, lang)}
                  for r in rh.risks],
        "checks": [{"cell": _cell(rh, m.evidence.id) or "", "code": m.evidence.id, "text": shown(m.written or "", 200),
                    "why": check_reason(m, lang)} for m in rh.needs_check],
        "risk_title": t("risk.title", n=len(rh.risks), points=_n(rh.claimed.overall - rh.verified.overall, lang)),
        "missing_title": t("missing.title", n=len(rh.missing)),
        "check_title": t("check.title", n=len(rh.needs_check)),
        "evidence_rule": t("evidence-rule"),
        "rule": ins.verification_rule.get(lang) if ins.verification_rule else "-",
        "path_lines": path_summary(rh, lang),
        "path_total": path_total(rh, lang),
        "steps": steps,
        "plan_intro": plan_intro, "phases": phases,
        "owners": t("plan.owners", owners=", ".join(owners)) if owners else "",
        "peers": [{"name": p.name, "overall": _n(p.result.overall, lang)} for p in a.peers],
        "visits_title": t("visits.title").rstrip(":") if rh.visits else "",
        "visits": [visit_text(rh, v, lang) for v in rh.visits],
        "instrument": instrument_name(rh, lang),
        "file": Path(a.file).name if a.file else "",
        "bench": links is not None,
        "bench_intro": t("bench.intro", region=a.region_name or "-", n=links.regions) if links is not None else "",
        "bench_rows": benchmark_rows(rh, links, lang, limit=6),
    }
    return env.get_template(TEMPLATE).render(**ctx)


# ----------------------------------------------------------------------------------------------
# Excel checklist


def checklist_xlsx(rh: Rehearsal, lang: str = "id", plan: Plan | None = None) -> bytes:
    """The evidence checklist: one row per evidence item still to produce (claimed levels whose
    evidence does not count, then the evidence of the path's real improvements), sorted by the
    points at stake, with the suggested owner (OPD), the due date (when the tahap II date is given),
    a done column and notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    ins, a = rh.instrument, rh.assessment
    if plan is None:
        plan = plan_before(rh)
    wb = Workbook()
    ws = wb.active
    ws.title = _t("xlsx.sheet", lang)[:31]
    ws.cell(row=1, column=1, value=safe_cell(_t("title", lang, region=a.region_name or "-",
                                                 stage=_t(f"stage.{rh.stage}", lang)))).font = Font(bold=True, size=12)
    text = (_t("illustrative", lang) + " " if a.illustrative else "") + notice(rh, lang)
    cell = ws.cell(row=2, column=1, value=safe_cell(text))
    cell.font = Font(italic=True, color="9C0006")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    head = ["points", "kind", "criterion", "name", "stage", "level", "evidence", "written", "owner", "due", "done",
            "notes"]
    last = chr(64 + len(head))
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 48
    evidence_due = next((p.end for p in plan.phases if p.key == "evidence"), None)
    improve_due = next((p.end for p in plan.phases if p.key == "improve"), None)
    if plan.until is not None and plan.phases:
        note = _t("xlsx.due-note", lang, until=fmt_date(plan.until, lang), evidence=fmt_date(evidence_due, lang),
                  improve=fmt_date(improve_due, lang))
    else:
        note = _t("xlsx.no-until", lang)
    c3 = ws.cell(row=3, column=1, value=safe_cell(note))
    c3.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A3:{last}3")
    ws.row_dimensions[3].height = 32
    for j, key in enumerate(head, start=1):
        c = ws.cell(row=4, column=j, value=_t(f"xlsx.col.{key}", lang))
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    rows: list[list[Any]] = []
    for item in plan.items:
        crit = ins.criterion(item.criterion)
        miss = next((m for m in rh.missing if m.evidence.id == item.evidence.id), None)
        rows.append([round(item.points, 3), _t(f"xlsx.kind.{item.kind}", lang), item.criterion,
                     _crit_name(rh, item.criterion, lang), crit.stage, item.evidence.level,
                     item.evidence.text.get(lang), written(miss, lang) if miss is not None else "",
                     item.owner.get(lang) if item.owner is not None else "", item.due, None, None])
    done = DataValidation(type="list", formula1='"' + _t("xlsx.done-options", lang) + '"', allow_blank=True)
    ws.add_data_validation(done)
    # A4 landscape, one page wide at a legible scale (scorecard.io.paper: 105 units at 100 %, 70 %
    # at the least: 145 units); each header word fits its column ("dipertaruhkan": 14, "Selesai": 9)
    widths = [14, 12, 12, 17, 7, 7, 18, 15, 13, 11, 9, 9]
    for i, row in enumerate(rows, start=5):
        for j, v in enumerate(row, start=1):
            c = ws.cell(row=i, column=j, value=safe_cell(v) if isinstance(v, str) else v)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            if j == 1:
                c.number_format = "0.000"
            elif j in (5, 6):
                c.alignment = Alignment(horizontal="center", vertical="top")
            elif j == 10 and v is not None:
                c.number_format = "yyyy-mm-dd"
        done.add(f"K{i}")
    if not rows:
        ws.cell(row=5, column=1, value=safe_cell(_t("xlsx.none", lang)))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + j)].width = w
    for j in range(1, len(head) + 1):
        ws.cell(row=4, column=j).alignment = Alignment(wrap_text=True, vertical="bottom")
    ws.freeze_panes = "A5"
    from scorecard.io import paper

    # rows as tall as their wrapped text (the header too: "Poin dipertaruhkan" on two lines);
    # spreadsheet apps do not grow wrapped rows when they open the file
    paper.fit_row_heights(ws, 2, ws.max_row, widths)
    # fit to the page width only (a fixed scale); rows flow onto more pages under the repeated header
    paper.setup_page(ws, title=str(ws["A1"].value), repeat_rows="4:4", ncols=len(head))
    from scorecard.io.output import mark_workbook, xlsx_bytes

    mark_workbook(wb, "rehearse")  # the overwrite rule recognises a re-run's checklist
    return xlsx_bytes(wb)  # fixed dates (SOURCE_DATE_EPOCH): reproducible bytes


# ----------------------------------------------------------------------------------------------
# What-if (benchmark re-scoring)


def _region_state(result: Any, code: str) -> dict[str, Any]:
    from scorecard.whatif import region_state

    return region_state(result, code)


def _weak(rec: Any, lang: str, limit: int | None = None) -> list[str]:
    from scorecard.whatif import weak_names

    return weak_names(rec, lang, limit)


def _trip(rec: Any) -> list[str]:
    from scorecard.whatif import trip_names

    return trip_names(rec)


def whatif_dict(w: Any, lang: str = "id") -> dict[str, Any]:
    rubric = w.before.rubric
    b, a = _region_state(w.before, w.focus), _region_state(w.after, w.focus)

    def clean(state: dict[str, Any]) -> dict[str, Any]:
        return {"score": clean_number(state["score"]), "grade": state["grade"], "status": state["status"],
                "coverage": clean_number(state["coverage"], 4), "rank": state["rank"],
                "of": state["of"], "dimensions": {k: {"score": clean_number(v["score"]), "rank": v["rank"],
                                                      "grade": v["grade"]} for k, v in state["dimensions"].items()}}

    out = {
        "focus": {"code": w.focus, "name": w.before.regions.at[w.focus, "name"]},
        "rubric": {"id": rubric.id, "version": rubric.version},
        "changes": [{"column": c.column, "label": rubric.columns[c.column].label.get(lang), "input": str(c.raw),
                     "before": clean_number(c.before), "after": clean_number(c.after),
                     "before_grade": c.before_grade, "after_grade": c.after_grade} for c in w.changes],
        "before": clean(b), "after": clean(a),
        "score_change": clean_number(a["score"] - b["score"]),
        "rank_change": None if b["rank"] is None or a["rank"] is None else b["rank"] - a["rank"],
    }
    if w.rec_before is not None:
        out["recommendations"] = {"before": {"weak_areas": _weak(w.rec_before, lang), "trip": _trip(w.rec_before)},
                                  "after": {"weak_areas": _weak(w.rec_after, lang), "trip": _trip(w.rec_after)}}
    return out


def whatif_json(w: Any, lang: str = "id") -> str:
    return dumps_json(whatif_dict(w, lang))


def whatif_table(w: Any, lang: str = "id") -> str:
    """The what-if's view data (:func:`scorecard.whatif.whatif_view`) as terminal text."""
    from scorecard.io.text_view import table_text
    from scorecard.whatif import whatif_view

    v = whatif_view(w, lang)
    lines = [v.title, *v.changes, "", table_text(v.table).rstrip("\n")]
    if v.weak is not None and v.trip is not None:
        lines += ["", v.weak, v.trip]
    lines.append(v.note)
    return "\n".join(lines) + "\n"
