"""Render a :class:`~scorecard.recommend.Recommendation` as JSON or a terminal table.

The JSON shape is documented in ``docs/output.md`` (section "recommend"); its keys are stable.
No pandas here: everything comes from the frozen recommendation object.
"""

from __future__ import annotations

from scorecard.peers import first_code, label_key

from typing import Any

from scorecard import i18n
from scorecard.io.output import clean_number, dumps_json, text_table

TABLE_DETAIL = 8  # weak areas whose hosts are listed in the table (all of them are in the JSON)
TRIP_NAMES = 4  # area names shown per stop in the one-line trip summary


def _reasons(reasons, lang: str) -> list[dict[str, Any]]:
    return [r.to_dict(lang) for r in reasons]


def _area(w, lang: str) -> dict[str, Any]:
    return {
        "area_id": w.area_id,
        "level": w.level,
        "name": w.name.get(lang),
        "focus_score": clean_number(w.focus_score, 2),
        "benchmark": clean_number(w.benchmark, 2),
        "gap": clean_number(w.gap, 2),
        "impact": clean_number(w.impact, 3),
        "rank": w.rank,
        "grade": w.grade,
        "next_grade": w.next_grade,
        "distance_to_next": clean_number(w.distance_to_next, 2),
        "indicators": list(w.indicators),
        "flagged_by": w.flagged_by,
        "reasons": _reasons(w.reasons, lang),
    }


def _names(rec, area_ids, lang: str) -> dict[str, str]:
    names = {w.area_id: w.name.get(lang) for w in (*rec.weak_areas, *rec.strengths)}
    return {a: names.get(a, a) for a in area_ids}


def trip_summary(rec, lang: str, names: dict[str, str] | None = None) -> str:
    """One sentence: "Kunjungi Kota Madiun (Smart Governance, SAKIP) dan Kota Malang (PAD)."."""
    if not rec.trip:
        return i18n.t("rec.trip.none", lang)
    names = names if names is not None else {}
    parts = []
    for stop in rec.trip:
        shown = [names.get(a, a) for a in stop.areas[:TRIP_NAMES]]
        if len(stop.areas) > TRIP_NAMES:
            shown.append(i18n.t("rec.trip.more", lang, n=len(stop.areas) - TRIP_NAMES))
        parts.append(i18n.t("rec.trip.stop", lang, name=stop.name, areas=", ".join(shown)))
    return i18n.t("rec.trip.summary", lang, stops=i18n.t("rec.trip.and", lang).join(parts))


def recommend_dict(rec, lang: str = "id", *, rubric: Any = None, group_size: int | None = None) -> dict[str, Any]:
    all_names = _names(rec, [w.area_id for w in (*rec.weak_areas, *rec.strengths)], lang)
    area_names = {**all_names}
    if rubric is not None:
        for d in rubric.dimensions:
            area_names.setdefault(d.id, d.name.get(lang))
        for i in rubric.indicators:
            area_names.setdefault(i.id, i.name.get(lang))
    weak = []
    for w in rec.weak_areas:
        entry = _area(w, lang)
        entry["candidates"] = [{
            "code": c.code,
            "name": c.name,
            "total": clean_number(c.total, 4),
            "score": clean_number(c.score, 2),
            "gap": clean_number(c.gap, 2),
            "distance_km": clean_number(c.distance_km, 1),
            "rank_in_area": c.rank,
            "best_performer": c.best,
            "outside_group": getattr(c, "outside", False),  # scored over the whole workbook (docs/recommend.md)
            "robust_share": clean_number(c.robust, 4),
            "marginal": c.marginal,
            "match": clean_number(c.match, 4),
            "match_parts": {k: clean_number(v, 4) for k, v in c.match_parts.items()},
            "criteria": {k: clean_number(v, 4) for k, v in c.criteria.items()},
            "reasons": _reasons(c.reasons, lang),
        } for c in rec.candidates.get(w.area_id, ())]
        tr = rec.tradeoffs.get(w.area_id)
        entry["tradeoff"] = tr.to_dict(lang) if tr is not None else None
        weak.append(entry)
    out: dict[str, Any] = {
        "focus": {"code": rec.focus, "name": rec.focus_name},
        "peers": rec.peers,
        "rated": getattr(rec, "rated", True),  # false: not yet rated (issue 13), every list below is empty
    }
    if rubric is not None:
        out["rubric"] = {"id": rubric.id, "version": rubric.version}
    if group_size is not None:
        out["peer_group_size"] = group_size
    out.update({
        "weights": {k: clean_number(v, 4) for k, v in rec.weights.items()},
        "weak_areas": weak,
        "weakest": list(rec.weakest),  # the three weakest (one per dimension), as every output names them
        "strengths": [_area(w, lang) for w in rec.strengths],
        "trip": [{"code": s.code, "name": s.name, "areas": list(s.areas),
                  "area_names": [area_names.get(a, a) for a in s.areas],
                  "impact": clean_number(s.impact, 3), "journey": s.journey,
                  "distance_km": clean_number(s.distance_km, 1),
                  "alternatives": [{"code": c, "name": n} for c, n in s.alternatives],
                  "reasons": _reasons(s.reasons, lang)} for s in rec.trip],
        "trip_dropped": _reasons(rec.dropped_stops, lang),
        "news": rec.news.to_dict(lang) if rec.news is not None else None,
        "excluded": list(rec.excluded),
        "trip_summary": trip_summary(rec, lang, area_names),
        "can_host": [{"area_id": a, "name": area_names.get(a, a)} for a in rec.can_host],
        "unjudged": [{"area_id": a, "name": area_names.get(a, a)} for a in rec.unjudged],
        "notes": _reasons(rec.notes, lang),
    })
    return out


def recommend_json(rec, lang: str = "id", **kw: Any) -> str:
    return dumps_json(recommend_dict(rec, lang, **kw))


def _grade_shown(rubric: Any, w: Any, lang: str) -> str:
    """A weak area's grade as the reader says it (as the report does): SPBE "Cukup" -> "Adequate",
    command centre "Tidak" -> "No" in English; an official abbreviation stays (SAKIP B, RB CC)."""
    if not w.grade:
        return "-"
    from scorecard.judgement import grade_word

    ind = next((i for i in rubric.indicators if i.id == w.area_id), None) if rubric is not None else None
    column = rubric.columns.get(ind.column) if ind is not None and getattr(ind, "column", None) else None
    scale = rubric.scales.get(column.scale) if column is not None and getattr(column, "scale", None) else None
    found = scale.find(str(w.grade)) if scale is not None else None
    return str(w.grade) if found is None else grade_word(found, lang)


def recommend_table(rec, lang: str = "id", *, rubric: Any = None, group_size: int | None = None) -> str:
    t = i18n.t
    num = lambda x, d=1: i18n.number(x, lang, d)  # noqa: E731
    area_names = {}
    if rubric is not None:
        area_names = {d.id: d.name.get(lang) for d in rubric.dimensions}
        area_names.update({i.id: i.name.get(lang) for i in rubric.indicators})
    area_names.update(_names(rec, [w.area_id for w in (*rec.weak_areas, *rec.strengths)], lang))
    peers = t(_pk, lang) if i18n.has(_pk := label_key(rec.peers, rec.focus)) else rec.peers
    lines = [t("rec.title", lang, focus=rec.focus_name, peers=peers, n=group_size if group_size else "-"), ""]
    if not getattr(rec, "rated", True):  # issue 13: not yet rated -> no weak area, trip or host role
        return "\n".join(lines + ["  - " + r.render(lang) for r in rec.notes]) + "\n"

    lines.append(t("rec.section.weak", lang))
    if rec.weak_areas:
        rows = [[str(k), w.name.get(lang), t(f"rec.level.{w.level}", lang), num(w.focus_score),
                 num(w.benchmark), "+" + num(w.impact, 2), _grade_shown(rubric, w, lang), t(f"rec.flag.{w.flagged_by}", lang)]
                for k, w in enumerate(rec.weak_areas, start=1)]
        header = ["#", t("rec.col.area", lang), t("rec.col.level", lang), t("rec.col.score", lang),
                  t("rec.col.benchmark", lang), t("rec.col.impact", lang), t("rec.col.grade", lang),
                  t("rec.col.flag", lang)]
        align = ["<", "<", "<", ">", ">", ">", "<", "<"]
        if not any(w.grade for w in rec.weak_areas):  # a rubric that grades none of them: no column of "-"
            rows, header, align = ([r[:6] + r[7:] for r in rows], header[:6] + header[7:], align[:6] + align[7:])
        lines.append(text_table(header, rows, align).rstrip("\n"))
        if rec.weakest:  # the same three as the report, the Excel summary and the brief
            lines.append(t("rec.weakest", lang, areas=", ".join(area_names.get(a, a) for a in rec.weakest)))
    else:
        lines.append("  " + t("rec.none", lang))
    lines.append("")

    for w in rec.weak_areas[:TABLE_DETAIL]:
        lines.append(t("rec.section.candidates", lang, area=w.name.get(lang)))
        lines.append("  " + "; ".join(r.render(lang) for r in w.reasons))
        cands = rec.candidates.get(w.area_id, ())
        if not cands:
            lines.append("  " + t("rec.none", lang))
        for k, c in enumerate(cands, start=1):
            mark = (" " + t("rec.mark.best", lang)) if c.best else ""
            lines.append(f"  {k}. {c.name}{mark} ({t('rec.col.total', lang)} {num(c.total, 2)}, "
                         f"{t('rec.col.match', lang)} {num(c.match, 2) if c.match is not None else '–'}): "
                         + "; ".join(r.render(lang) for r in c.reasons))
        if w.area_id in rec.tradeoffs:
            lines.append("  " + rec.tradeoffs[w.area_id].render(lang))
        lines.append("")
    if len(rec.weak_areas) > TABLE_DETAIL:
        lines.append(t("rec.more", lang, n=len(rec.weak_areas) - TABLE_DETAIL))
        lines.append("")

    lines.append(t("rec.section.trip", lang))
    lines.append("  " + trip_summary(rec, lang, area_names))
    for s in rec.trip:
        lines.append(f"  - {s.name}: " + "; ".join(r.render(lang) for r in s.reasons))
        if s.alternatives:
            lines.append("    " + t("rec.trip.alternatives", lang, names=", ".join(n for _, n in s.alternatives)))
    for r in rec.dropped_stops:
        lines.append("  - " + r.render(lang))
    if rec.news is not None:
        lines.append("  " + rec.news.render(lang))
    lines.append("")

    lines.append(t("rec.section.strengths", lang))
    if rec.strengths:
        lines.append("  " + "; ".join(t("rec.strength.line", lang, area=w.name.get(lang), score=num(w.focus_score),
                                        benchmark=num(w.benchmark)) for w in rec.strengths))
    else:
        lines.append("  " + t("rec.none", lang))
    lines.append(t("rec.section.can-host", lang, focus=rec.focus_name))
    lines.append("  " + (", ".join(area_names.get(a, a) for a in rec.can_host) or t("rec.none", lang)))
    if rec.notes:
        lines.append("")
        lines.append(t("rec.section.notes", lang))
        lines += ["  - " + r.render(lang) for r in rec.notes]
    lines.append("")
    weights = ", ".join(f"{t(f'rec.criterion.{k}', lang)} {i18n.percent(v, lang)}" for k, v in rec.weights.items() if v > 0)
    lines.append(t("rec.section.weights", lang, weights=weights))
    return "\n".join(lines) + "\n"
