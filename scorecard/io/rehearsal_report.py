"""Render a :class:`~scorecard.rehearsal.Rehearsal`: terminal table, JSON, HTML report, Excel
checklist of the evidence to collect before the evaluation day.

The terminal text, the HTML page and the Excel checklist are laid out from the neutral view model
built by :mod:`scorecard.rehearsal_view` (every text translated, every number formatted there);
nothing here computes or translates. The JSON is the machine-readable form of the rehearsal
itself (raw numbers, ids), with the few texts a reader needs in the chosen language.

The HTML page is self-contained (CSS inlined; the benchmark report's ``reports/report.css`` is
reused when present), print-ready, autoescaped, and says on top that the figures are a rehearsal
estimate on a partly assumed instrument.
"""

from __future__ import annotations

from typing import Any

from scorecard import resources
from scorecard.io.output import clean_number, dumps_json, safe_cell, text_table
from scorecard.rehearsal import BenchmarkView, Plan, Prediction, Rehearsal, plan_before
from scorecard.rehearsal_view import (ChecklistView, RehearsalView, advice_for, cell_ref, checklist_view, notice,
                                      rehearsal_view)
from scorecard.view import Table

TEMPLATE = "rehearsal.html.j2"


# ----------------------------------------------------------------------------------------------
# JSON


def rehearsal_dict(rh: Rehearsal, lang: str = "id", plan: Plan | None = None,
                   links: BenchmarkView | None = None) -> dict[str, Any]:
    ins, a = rh.instrument, rh.assessment

    def pred(p: Prediction) -> dict[str, Any]:
        return {"overall": clean_number(p.overall), "band": p.band.code if p.band else None,
                "results": {k: clean_number(v) for k, v in p.results.items()},
                "dimensions": {k: clean_number(v) for k, v in p.dimensions.items()}}

    def advice(cid: str) -> dict[str, Any] | None:
        adv = advice_for(rh, cid)
        if adv is None:
            return None
        return {"code": adv.peer.code, "name": adv.peer.name, "basis": adv.basis,
                "peer_value": clean_number(adv.peer_value), "our_value": clean_number(adv.our_value),
                "reasons": [r.render(lang) for r in adv.reasons],
                "tradeoff": adv.tradeoff.render(lang) if adv.tradeoff is not None else None,
                "strongest": adv.best}

    path = rh.path
    after = rh.predicted_after
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
                         "cell": cell_ref(rh, m.evidence.id)} for m in rh.needs_check],
        "at_risk": [{"criterion": r.criterion, "claimed": r.claimed, "supported": r.supported,
                     "points": clean_number(r.points), "missing": [e.id for e in r.missing],
                     "ask": advice(r.criterion)} for r in rh.risks],
        "path": None if path is None else {
            "start": clean_number(path.start), "target": clean_number(path.target),
            "target_band": path.target_band.code if path.target_band else None, "reached": path.reached,
            "gain": clean_number(path.gain), "cost": path.cost,
            "predicted_after": None if after is None else clean_number(after),
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


def rehearsal_json(rh: Rehearsal, lang: str = "id", plan: Plan | None = None,
                   links: BenchmarkView | None = None) -> str:
    return dumps_json(rehearsal_dict(rh, lang, plan, links))


# ----------------------------------------------------------------------------------------------
# Terminal


def _columns(table: Table, keys: tuple[str, ...], align: list[str] | None = None) -> str:
    """The columns ``keys`` of ``table`` as a monospace table (``align``: "<" or ">" per column;
    default all left)."""
    index = [next(j for j, c in enumerate(table.columns) if c.key == k) for k in keys]
    return text_table([table.columns[j].label for j in index],
                      [[row.cells[j].text for j in index] for row in table.rows], align).rstrip("\n")


def rehearsal_table(rh: Rehearsal, lang: str = "id", plan: Plan | None = None,
                    links: BenchmarkView | None = None) -> str:
    """The rehearsal as terminal text (:func:`render_text` of its view)."""
    return render_text(rehearsal_view(rh, lang, plan, links, criteria_shown=4, check_chars=60))


def render_text(v: RehearsalView) -> str:
    out: list[str] = [v.title]
    if v.illustrative:
        out.append(v.illustrative)
    out += [v.notice, v.weights, ""]
    pred = v.prediction
    out.append(text_table([c.label for c in pred.columns],
                          [[("" if r.highlight else "  ") + r.cells[0].text, *(c.text for c in r.cells[1:])]
                           for r in pred.rows], ["<", ">", ">", ">", ">"]).rstrip("\n"))
    out += [v.headline, ""]
    if v.missing is not None:
        out.append(v.missing_title)
        if v.missing.rows:
            out.append(_columns(v.missing, ("criterion", "level", "stage", "evidence", "written")))
    out.append(v.risk_title)
    if v.risks.rows:
        out.append(_columns(v.risks, ("criterion", "claimed", "supported", "points", "missing", "ask")))
        if v.risk_note:
            out.append(v.risk_note)
    if v.checks:
        out += ["", v.check_title, v.check_intro]
        out += [f"- {c.cell or c.code} ({c.code}): \"{c.text}\" — {c.why}" for c in v.checks]
    out += [v.evidence_rule, v.rule, ""]
    out += v.path_lines
    if v.steps is not None:
        out.append(_columns(v.steps, ("criterion", "levels", "gain", "cost", "kind", "ask")))
        out += v.path_total
    if v.phases:
        out += ["", v.plan_intro]
        out += [f"- {p.text}" for p in v.phases]
    if v.visits:
        out += ["", v.visits_title]
        out += [f"{i}. {line}" for i, line in enumerate(v.visits, start=1)]
    if v.benchmark is not None:
        b = v.benchmark
        out += ["", b.title, b.intro]
        if b.table.rows:
            out.append(_columns(b.table, ("area", "impact", "dims", "criteria", "host"), ["<", ">", "<", "<", "<"]))
        else:
            out.append(b.none)
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------------------------
# HTML


def _css() -> str:
    own = resources.reports_dir() / "rehearsal.css"
    shared = resources.reports_dir() / "report.css"
    parts = [p.read_text(encoding="utf-8") for p in (shared, own) if p.is_file()]
    return "\n".join(parts)


def rehearsal_html(rh: Rehearsal, lang: str = "id", plan: Plan | None = None,
                   links: BenchmarkView | None = None) -> str:
    """The rehearsal report page (:func:`render_html` of its view)."""
    return render_html(rehearsal_view(rh, lang, plan, links))


def render_html(v: RehearsalView) -> str:
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(resources.reports_dir())), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    # CSS is ours, not user text: never HTML-escaped
    return env.get_template(TEMPLATE).render(v=v, css=Markup(_css()))


# ----------------------------------------------------------------------------------------------
# Excel checklist


def checklist_xlsx(rh: Rehearsal, lang: str = "id", plan: Plan | None = None) -> bytes:
    """The evidence checklist (:func:`render_checklist` of its view)."""
    return render_checklist(checklist_view(rh, lang, plan))


def render_checklist(v: ChecklistView) -> bytes:
    """One row per evidence item still to produce, a "done" drop-down, A4 landscape one page wide."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = v.sheet
    ws.cell(row=1, column=1, value=safe_cell(v.title)).font = Font(bold=True, size=12)
    cell = ws.cell(row=2, column=1, value=safe_cell(v.notice))
    cell.font = Font(italic=True, color="9C0006")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    columns = v.table.columns
    last = chr(64 + len(columns))
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 48
    c3 = ws.cell(row=3, column=1, value=safe_cell(v.note))
    c3.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A3:{last}3")
    ws.row_dimensions[3].height = 32
    for j, col in enumerate(columns, start=1):
        c = ws.cell(row=4, column=j, value=col.label)
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    done = DataValidation(type="list", formula1='"' + v.done_options + '"', allow_blank=True)
    ws.add_data_validation(done)
    # A4 landscape, one page wide at a legible scale (scorecard.io.paper: 105 units at 100 %, 70 %
    # at the least: 145 units); each header word fits its column ("dipertaruhkan": 14, "Selesai": 9)
    widths = [14, 12, 12, 17, 7, 7, 18, 15, 13, 11, 9, 9]
    centred = {"stage", "level"}
    done_col = next(chr(64 + j) for j, col in enumerate(columns, start=1) if col.key == "done")
    for i, row in enumerate(v.table.rows, start=5):
        for j, (col, vc) in enumerate(zip(columns, row.cells), start=1):
            value = vc.value
            c = ws.cell(row=i, column=j, value=safe_cell(value) if isinstance(value, str) else value)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            if col.key == "points":
                c.number_format = "0.000"
            elif col.key in centred:
                c.alignment = Alignment(horizontal="center", vertical="top")
            elif col.kind == "date" and value is not None:
                c.number_format = "yyyy-mm-dd"
        done.add(f"{done_col}{i}")
    if not v.table.rows:
        ws.cell(row=5, column=1, value=safe_cell(v.none))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + j)].width = w
    for j in range(1, len(columns) + 1):
        ws.cell(row=4, column=j).alignment = Alignment(wrap_text=True, vertical="bottom")
    ws.freeze_panes = "A5"
    from scorecard.io import paper

    # rows as tall as their wrapped text (the header too: "Poin dipertaruhkan" on two lines);
    # spreadsheet apps do not grow wrapped rows when they open the file
    paper.fit_row_heights(ws, 2, ws.max_row, widths)
    # fit to the page width only (a fixed scale); rows flow onto more pages under the repeated header
    paper.setup_page(ws, title=str(ws["A1"].value), repeat_rows="4:4", ncols=len(columns))
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
