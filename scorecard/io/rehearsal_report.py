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
from scorecard.rehearsal import Rehearsal

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
    a = _advice_for(rh, cid)
    if a is None:
        return "–"
    return _t("ask.value", lang, peer=a.peer.name, value=_n(a.peer_value, lang),
              basis=_t(f"ask.basis.{a.basis}", lang))


def _kind(step: Any, lang: str) -> str:
    if step.evidence_only:
        return _t("kind.evidence", lang)
    return _t("kind.mixed", lang) if step.evidence_steps else _t("kind.improve", lang)


def _status_label(status: str, lang: str) -> str:
    return _t(f"status.{status}", lang)


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
        value = primary.overall if row["kind"] == "overall" else (
            primary.results[row["id"]] if row["kind"] == "result" else primary.dimensions[row["id"]])
        row["predicted"] = value
        row["change"] = None if row["last"] is None else value - row["last"]
    return rows


# ----------------------------------------------------------------------------------------------
# JSON


def rehearsal_dict(rh: Rehearsal, lang: str = "id") -> dict[str, Any]:
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
                "peer_value": clean_number(adv.peer_value), "our_value": clean_number(adv.our_value)}

    plan = rh.path
    after = None
    if plan is not None and plan.reached:
        from scorecard.rehearsal import apply_levels, predict

        after = clean_number(predict(ins, apply_levels(rh.primary_levels, plan.changes()), rh.profile).overall)
    return {
        "estimate": True,
        "illustrative": a.illustrative,
        "notice": _t("notice", lang),
        "instrument": {"id": ins.id, "version": ins.version, "scale": [ins.min_level, ins.max_level],
                       "scale_status": ins.scale_status, "bands_status": ins.bands_status},
        "region": {"code": a.region_code, "name": a.region_name},
        "year": a.year,
        "stage": rh.stage,
        "weights": {"profile": rh.profile.id, "status": rh.profile.status,
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
                              "text": m.evidence.text.get(lang)} for m in rh.missing],
        "at_risk": [{"criterion": r.criterion, "claimed": r.claimed, "supported": r.supported,
                     "points": clean_number(r.points), "missing": [e.id for e in r.missing],
                     "ask": advice(r.criterion)} for r in rh.risks],
        "path": None if plan is None else {
            "start": clean_number(plan.start), "target": clean_number(plan.target),
            "target_band": plan.target_band.code if plan.target_band else None, "reached": plan.reached,
            "gain": clean_number(plan.gain), "cost": plan.cost, "predicted_after": after,
            "max_reachable": clean_number(plan.max_reachable), "method": "exact dynamic programme",
            "steps": [{"criterion": s.criterion, "from": s.from_level, "to": s.to_level,
                       "gain": clean_number(s.gain), "cost": s.cost, "evidence_only": s.evidence_only,
                       "evidence_steps": s.evidence_steps,
                       "ask": advice(s.criterion)} for s in plan.steps]},
        "peers": [{"code": p.code, "name": p.name, "overall": clean_number(p.result.overall)} for p in a.peers],
        "visits": [{"code": v.peer.code, "name": v.peer.name, "criteria": list(v.criteria),
                    "points": clean_number(v.points)} for v in rh.visits],
    }


def rehearsal_json(rh: Rehearsal, lang: str = "id") -> str:
    return dumps_json(rehearsal_dict(rh, lang))


# ----------------------------------------------------------------------------------------------
# Terminal


def rehearsal_table(rh: Rehearsal, lang: str = "id") -> str:
    ins, a = rh.instrument, rh.assessment
    out: list[str] = []
    out.append(_t("title", lang, region=a.region_name or "-", stage=_t(f"stage.{rh.stage}", lang)))
    if a.illustrative:
        out.append(_t("illustrative", lang))
    out.append(_t("notice", lang))
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
    band = rh.primary.band
    out.append(_t("band-line", lang, predicted=_n(rh.primary.overall, lang),
                  band=band.label.get(lang) if band else "-", basis=_t(f"basis.{rh.stage}", lang)))
    out.append("")
    if rh.stage == 1:
        out.append(_t("missing.title", lang, n=len(rh.missing)))
        if rh.missing:
            mrows = [[m.criterion, str(m.evidence.level), _t("stage-short", lang, n=ins.criterion(m.criterion).stage),
                      m.evidence.text.get(lang)] for m in rh.missing]
            out.append(text_table([_t("col.criterion", lang), _t("col.level", lang), _t("col.stage", lang),
                                   _t("col.evidence", lang)], mrows).rstrip("\n"))
    out.append(_t("risk.title", lang, n=len(rh.risks),
                  points=_n(rh.claimed.overall - rh.verified.overall, lang)))
    if rh.risks:
        rrows = [[r.criterion, str(r.claimed), str(r.supported), "-" + _n(r.points, lang),
                  "; ".join(e.text.get(lang) for e in r.missing), _ask(rh, r.criterion, lang)] for r in rh.risks]
        out.append(text_table([_t("col.criterion", lang), _t("col.claimed-level", lang),
                               _t("col.supported", lang), _t("col.points", lang), _t("col.missing", lang),
                               _t("col.ask", lang)], rrows).rstrip("\n"))
    out.append(_t("rule", lang, rule=ins.verification_rule.get(lang) if ins.verification_rule else "-"))
    out.append("")
    out.extend(path_lines(rh, lang))
    if rh.visits:
        out.append("")
        out.extend(visit_lines(rh, lang))
    return "\n".join(out) + "\n"


def visit_lines(rh: Rehearsal, lang: str) -> list[str]:
    lines = [_t("visits.title", lang)]
    for i, v in enumerate(rh.visits, start=1):
        dims = sorted({rh.instrument.dimension(rh.instrument.criterion(c).dimension).name.get(lang) for c in v.criteria})
        lines.append(_t("visits.line", lang, i=i, peer=v.peer.name, n=len(v.criteria), points=_n(v.points, lang),
                        dims=", ".join(dims)))
    return lines


def weights_line(rh: Rehearsal, lang: str) -> str:
    parts = ", ".join(f"{r.name.get(lang)} {i18n.number(rh.profile.weights.get(r.id, 0), lang)}"
                      for r in rh.instrument.results)
    return _t("weights", lang, profile=rh.profile.id, status=_status_label(rh.profile.status, lang), weights=parts)


def path_lines(rh: Rehearsal, lang: str) -> list[str]:
    plan = rh.path
    if plan is None:
        return [_t("path.top", lang)]
    target_label = plan.target_band.label.get(lang) if plan.target_band else _n(plan.target, lang)
    head = _t("path.title", lang, target=_n(plan.target, lang), band=target_label,
              gap=_n(max(plan.target - plan.start, 0.0), lang), start=_n(plan.start, lang))
    if not plan.reached:
        return [head, _t("path.unreachable", lang, max=_n(plan.max_reachable, lang), raise_=rh.instrument.max_raise)]
    if not plan.steps:
        return [head, _t("path.already", lang)]
    rows = [[s.criterion, f"{s.from_level} → {s.to_level}", "+" + i18n.number(s.gain, lang, 3), str(s.cost),
             _kind(s, lang), _ask(rh, s.criterion, lang)]
            for s in plan.steps]
    table = text_table([_t("col.criterion", lang), _t("col.levels", lang), _t("col.gain", lang),
                        _t("col.cost", lang), _t("col.kind", lang), _t("col.ask", lang)], rows).rstrip("\n")
    return [head, table, _t("path.total", lang, n=len(plan.steps), gain=i18n.number(plan.gain, lang, 3),
                            after=_n(plan.start + plan.gain, lang), cost=plan.cost), _t("path.method", lang)]


# ----------------------------------------------------------------------------------------------
# HTML


def _css() -> str:
    own = resources.reports_dir() / "rehearsal.css"
    shared = resources.reports_dir() / "report.css"
    parts = [p.read_text(encoding="utf-8") for p in (shared, own) if p.is_file()]
    return "\n".join(parts)


def rehearsal_html(rh: Rehearsal, lang: str = "id") -> str:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(resources.reports_dir())), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    ins, a = rh.instrument, rh.assessment

    def t(key: str, **kw: Any) -> str:
        return _t(key, lang, **kw)

    plan = rh.path
    steps = []
    if plan is not None:
        steps = [{"code": s.criterion, "name": _crit_name(rh, s.criterion, lang), "from": s.from_level,
                  "to": s.to_level, "gain": "+" + i18n.number(s.gain, lang, 3), "cost": s.cost,
                  "kind": _kind(s, lang), "ask": _ask(rh, s.criterion, lang),
                  "evidence": [e.text.get(lang) for e in ins.criterion(s.criterion).evidence
                               if s.from_level < e.level <= s.to_level]} for s in plan.steps]
    ctx = {
        "lang": lang, "t": t, "css": _css(),
        "title": t("title", region=a.region_name or "-", stage=t(f"stage.{rh.stage}")),
        "notice": t("notice"), "weights": weights_line(rh, lang),
        "illustrative": t("illustrative") if a.illustrative else "",
        "rows": [{**r, "claimed_s": _n(r["claimed"], lang), "verified_s": _n(r["verified"], lang),
                  "last_s": _n(r["last"], lang), "change_s": _signed(r["change"], lang)}
                 for r in prediction_rows(rh, lang)],
        "last_year": a.last.year if a.last and a.last.year else "",
        "headline": t("band-line", predicted=_n(rh.primary.overall, lang),
                      band=rh.primary.band.label.get(lang) if rh.primary.band else "-", basis=t(f"basis.{rh.stage}")),
        "stage": rh.stage,
        "missing": [{"code": m.criterion, "name": _crit_name(rh, m.criterion, lang), "level": m.evidence.level,
                     "stage": ins.criterion(m.criterion).stage, "text": m.evidence.text.get(lang)} for m in rh.missing],
        "risks": [{"code": r.criterion, "name": _crit_name(rh, r.criterion, lang), "claimed": r.claimed,
                   "supported": r.supported, "points": "-" + _n(r.points, lang),
                   "missing": "; ".join(e.text.get(lang) for e in r.missing), "ask": _ask(rh, r.criterion, lang)}
                  for r in rh.risks],
        "risk_title": t("risk.title", n=len(rh.risks), points=_n(rh.claimed.overall - rh.verified.overall, lang)),
        "missing_title": t("missing.title", n=len(rh.missing)),
        "rule": ins.verification_rule.get(lang) if ins.verification_rule else "-",
        "path_lines": path_lines(rh, lang)[:1] + path_lines(rh, lang)[2:] if steps else path_lines(rh, lang),
        "steps": steps,
        "peers": [{"name": p.name, "overall": _n(p.result.overall, lang)} for p in a.peers],
        "visit_lines": visit_lines(rh, lang) if rh.visits else [],
        "instrument": f"{ins.id} {ins.version}",
        "file": Path(a.file).name if a.file else "",
    }
    return env.get_template(TEMPLATE).render(**ctx)


# ----------------------------------------------------------------------------------------------
# Excel checklist


def checklist_xlsx(rh: Rehearsal, lang: str = "id") -> bytes:
    """One row per evidence item still to collect for the claimed levels (then the path's new
    evidence), with the criterion, the stage that checks it, a done column and notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    ins, a = rh.instrument, rh.assessment
    wb = Workbook()
    ws = wb.active
    ws.title = _t("xlsx.sheet", lang)[:31]
    ws.cell(row=1, column=1, value=safe_cell(_t("title", lang, region=a.region_name or "-",
                                                 stage=_t(f"stage.{rh.stage}", lang)))).font = Font(bold=True, size=12)
    notice = (_t("illustrative", lang) + " " if a.illustrative else "") + _t("notice", lang)
    cell = ws.cell(row=2, column=1, value=safe_cell(notice))
    cell.font = Font(italic=True, color="9C0006")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:I2")
    ws.row_dimensions[2].height = 48
    head = ["why", "criterion", "name", "stage", "level", "evidence", "owner", "done", "notes"]
    for j, key in enumerate(head, start=1):
        c = ws.cell(row=4, column=j, value=_t(f"xlsx.col.{key}", lang))
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    rows: list[list[Any]] = []
    for m in rh.missing:
        crit = ins.criterion(m.criterion)
        rows.append([_t("xlsx.why.missing", lang), m.criterion, _crit_name(rh, m.criterion, lang), crit.stage,
                     m.evidence.level, m.evidence.text.get(lang)])
    if rh.path is not None:
        missing_ids = {m.evidence.id for m in rh.missing}
        for s in rh.path.steps:
            crit = ins.criterion(s.criterion)
            for e in crit.evidence:
                if s.from_level < e.level <= s.to_level and e.id not in missing_ids:
                    rows.append([_t("xlsx.why.path", lang), s.criterion, _crit_name(rh, s.criterion, lang), crit.stage,
                                 e.level, e.text.get(lang)])
    rows.sort(key=lambda r: (r[3], r[0], r[1], r[4]))
    done = DataValidation(type="list", formula1='"' + _t("xlsx.done-options", lang) + '"', allow_blank=True)
    ws.add_data_validation(done)
    widths = [22, 28, 44, 8, 8, 50, 22, 10, 30]
    for i, row in enumerate(rows, start=5):
        for j, v in enumerate(row, start=1):
            ws.cell(row=i, column=j, value=safe_cell(v)).alignment = Alignment(wrap_text=True, vertical="top")
        done.add(f"H{i}")
        lines = max(-(-len(str(v)) // max(widths[j] - 2, 1)) for j, v in enumerate(row))
        ws.row_dimensions[i].height = 15 * max(lines, 1)  # spreadsheet apps do not always grow wrapped rows
    if not rows:
        ws.cell(row=5, column=1, value=safe_cell(_t("xlsx.none", lang)))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + j)].width = w
    for j in range(1, len(head) + 1):
        ws.cell(row=4, column=j).alignment = Alignment(wrap_text=True, vertical="bottom")
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    from scorecard.io.output import xlsx_bytes

    return xlsx_bytes(wb)  # fixed dates (SOURCE_DATE_EPOCH): reproducible bytes


# ----------------------------------------------------------------------------------------------
# What-if (benchmark re-scoring)


def _region_state(result: Any, code: str) -> dict[str, Any]:
    import pandas as pd

    rank = result.ranks.at[code, "overall"]
    group = result.regions.at[code, "peer_group"]
    return {"score": float(result.overall[code]), "grade": result.grades.at[code, "overall"],
            "rank": None if pd.isna(rank) else int(rank), "of": int(result.group_sizes[group]),
            "dimensions": {d.id: {"score": float(result.dimension_scores.at[code, d.id]),
                                  "rank": None if pd.isna(result.ranks.at[code, d.id]) else int(result.ranks.at[code, d.id]),
                                  "grade": result.grades.at[code, d.id]}
                           for d in result.rubric.dimensions}}


def _weak(rec: Any, lang: str, limit: int | None = None) -> list[str]:
    if rec is None:
        return []
    names = [w.name.get(lang) for w in rec.weak_areas]
    if limit is not None and len(names) > limit:
        return names[:limit] + [f"(+{len(names) - limit})"]
    return names


def _trip(rec: Any) -> list[str]:
    if rec is None:
        return []
    return [s.name for s in rec.trip]


def whatif_dict(w: Any, lang: str = "id") -> dict[str, Any]:
    rubric = w.before.rubric
    b, a = _region_state(w.before, w.focus), _region_state(w.after, w.focus)

    def clean(state: dict[str, Any]) -> dict[str, Any]:
        return {"score": clean_number(state["score"]), "grade": state["grade"], "rank": state["rank"],
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
    rubric = w.before.rubric
    b, a = _region_state(w.before, w.focus), _region_state(w.after, w.focus)
    name = w.before.regions.at[w.focus, "name"]
    lines = [i18n.t("whatif.title", lang, region=name, n=b["of"])]
    for c in w.changes:
        col = rubric.columns[c.column]
        shown_b = i18n.number(c.before, lang) + (f" ({c.before_grade})" if c.before_grade else "")
        shown_a = i18n.number(c.after, lang) + (f" ({c.after_grade})" if c.after_grade else "")
        lines.append(i18n.t("whatif.change", lang, column=col.label.get(lang), before=shown_b, after=shown_a))
    lines.append("")

    def rank(s: dict[str, Any], r: int | None) -> str:
        return f"{r}/{s['of']}" if r is not None else "-"

    header = ["", i18n.t("whatif.col.before", lang), i18n.t("whatif.col.after", lang), i18n.t("whatif.col.change", lang)]
    rows = [[i18n.t("whatif.row.score", lang), i18n.number(b["score"], lang, 1), i18n.number(a["score"], lang, 1),
             ("+" if a["score"] - b["score"] >= 0.05 else "") + i18n.number(a["score"] - b["score"], lang, 1)],
            [i18n.t("whatif.row.grade", lang), b["grade"] or "-", a["grade"] or "-", ""],
            [i18n.t("whatif.row.rank", lang), rank(b, b["rank"]), rank(a, a["rank"]),
             "" if b["rank"] is None or a["rank"] is None else (f"{b['rank'] - a['rank']:+d}" if b['rank'] != a['rank'] else "0")]]
    for d in rubric.dimensions:
        db, da = b["dimensions"][d.id], a["dimensions"][d.id]
        if abs(da["score"] - db["score"]) < 1e-9 and db["rank"] == da["rank"]:
            continue
        rows.append([d.name.get(lang), f"{i18n.number(db['score'], lang, 1)} ({rank(b, db['rank'])})",
                     f"{i18n.number(da['score'], lang, 1)} ({rank(a, da['rank'])})",
                     ("+" if da["score"] - db["score"] >= 0.05 else "") + i18n.number(da["score"] - db["score"], lang, 1)])
    lines.append(text_table(header, rows, ["<", ">", ">", ">"]).rstrip("\n"))
    if w.rec_before is not None:
        lines.append("")
        lines.append(i18n.t("whatif.weak", lang, before=", ".join(_weak(w.rec_before, lang, 5)) or "-",
                            after=", ".join(_weak(w.rec_after, lang, 5)) or "-"))
        lines.append(i18n.t("whatif.trip", lang, before=", ".join(_trip(w.rec_before)) or "-",
                            after=", ".join(_trip(w.rec_after)) or "-"))
    lines.append(i18n.t("whatif.note", lang))
    return "\n".join(lines) + "\n"
