"""A Smart City evaluation rehearsal for a reader: the neutral view model (:mod:`scorecard.view`).

Pure: a :class:`~scorecard.rehearsal.Rehearsal` (with its :class:`~scorecard.rehearsal.Plan` and,
with ``--benchmark``, its :class:`~scorecard.rehearsal.BenchmarkView`) in; a frozen
:class:`RehearsalView` (the page and the terminal text) or :class:`ChecklistView` (the Excel
evidence checklist) out, every text translated from the message catalogue and every number
formatted for the language, the raw value kept beside the text in each :class:`~scorecard.view.Cell`.
The builders translate and format only: the figures (both indices, points at risk, the path, the
plan's dates, the index after the path) come computed from :mod:`scorecard.rehearsal`. The
renderers in :mod:`scorecard.io.rehearsal_report` (terminal text, HTML through
``reports/rehearsal.html.j2``, the Excel checklist) only lay these out; the JSON output is the
machine-readable form of the rehearsal itself, not of this view.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from scorecard import i18n, resources
from scorecard.rehearsal import (AreaLink, BenchmarkView, MissingEvidence, PeerAdvice, Plan, Rehearsal, Step, Visit,
                                 plan_before)
from scorecard.view import Cell, Column, Fact, Formatter, Row, Table

__all__ = ["RehearsalView", "ChecklistView", "PhaseLine", "CheckLine", "BenchmarkSection", "rehearsal_view",
           "checklist_view", "notice", "cell_ref", "advice_for", "shown"]


# ----------------------------------------------------------------------------------------------
# View types


@dataclass(frozen=True)
class PhaseLine:
    """One phase of the plan before tahap II, as the timeline shows it."""

    key: str  # "evidence" | "improve" | "final-check" (the page's colour)
    width: float  # share of the days until tahap II, in % (the timeline bar)
    label: str
    start: str  # the dates as the language writes them
    end: str
    text: str  # the whole line: dates, what, items, points


@dataclass(frozen=True)
class CheckLine:
    """An evidence cell the rule could not classify ("perlu dicek"): not counted, listed."""

    cell: str | None  # "penilaian_mandiri!F12", or None when the cell is not known
    code: str  # the evidence id
    text: str  # what the cell says: one line, control characters visible, cut
    why: str  # why it needs a look


@dataclass(frozen=True)
class BenchmarkSection:
    """With ``--benchmark``: the region's weak benchmark areas and the criteria that would show them."""

    title: str
    intro: str
    table: Table  # area, impact, dims, criteria, host (no rows: ``none`` is said instead)
    none: str


@dataclass(frozen=True)
class RehearsalView:
    """The rehearsal report (HTML page and terminal text): every text translated, every number formatted."""

    lang: str
    title: str
    illustrative: str  # the "made-up sample data" warning, "" for real data
    notice: str  # the "rehearsal estimate" banner naming the instrument
    weights: str  # the result-dimension weight profile in words
    prediction_title: str
    facts: tuple[Fact, ...]  # evidence-backed index (kind "main"), claimed index, criteria at risk, last result
    headline: str  # both indices, the evidence-backed one first, and how far apart
    prediction: Table  # overall (highlighted), result dimensions, smart dimensions: claimed, verified, last, change
    stage: int
    missing_title: str
    missing: Table | None  # tahap I only: evidence missing for the claimed levels
    risk_title: str
    risks: Table  # criteria claimed above what their evidence supports
    check_title: str
    check_intro: str
    checks: tuple[CheckLine, ...]
    path_title: str
    path_lines: tuple[str, ...]  # the path's head, then "first the evidence", "then the real improvements"
    steps: Table | None  # the path's steps (None when there is nothing to do or no way to the target)
    path_total: tuple[str, ...]  # the total and the method, under the steps
    plan_title: str
    plan_intro: str  # the plan's first sentence, or the hint to pass --until
    phases: tuple[PhaseLine, ...]
    owners: str  # "" when the instrument names no owner
    visits_heading: str  # "" without visits
    visits_title: str  # the same words as a lead-in sentence (the terminal)
    visits: tuple[str, ...]
    benchmark: BenchmarkSection | None
    peers_title: str
    peers: tuple[Fact, ...]  # peers' official overall results
    evidence_rule: str
    rule: str
    footer: str
    risk_note: str = ""  # why the rows' points do not add up to the title's total (rounding), or ""


@dataclass(frozen=True)
class ChecklistView:
    """The Excel evidence checklist: one row per evidence item still to produce."""

    sheet: str
    title: str
    notice: str  # the illustrative warning (when the data are made up) and the rehearsal banner
    note: str  # how the due dates were set, or the hint to pass --until
    table: Table  # points, kind, criterion, name, stage, level, evidence, written, owner, due, done, notes
    none: str  # said instead of rows when nothing is left to produce
    done_options: str  # the drop-down list of the "done" column, comma-separated


# ----------------------------------------------------------------------------------------------
# Texts shared by the outputs


def _t(key: str, lang: str, **kw: Any) -> str:
    return i18n.t(f"rehearsal.{key}", lang, **kw)


def shown(text: str, limit: int = 60) -> str:
    """User text for a report line: one line, control characters made visible (never sent raw to
    a terminal), cut at ``limit`` characters."""
    text = " ".join(str(text).split())
    text = "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf") else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


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


def cell_ref(rh: Rehearsal, evidence_id: str) -> str | None:
    """Where an evidence item is in the self-assessment: ``sheet!F12`` (None when unknown)."""
    where = rh.assessment.cells.get(evidence_id)
    return None if where is None else f"{where[0]}!{where[2]}{where[1]}"


def advice_for(rh: Rehearsal, criterion: str) -> PeerAdvice | None:
    """The peer to ask about ``criterion``, if any."""
    return next((a for a in rh.advice if a.criterion == criterion), None)


class _Texts:
    """The rehearsal's recurring phrases in one language."""

    def __init__(self, rh: Rehearsal, lang: str):
        self.rh, self.lang, self.f = rh, lang, Formatter(lang)

    def t(self, key: str, **kw: Any) -> str:
        return _t(key, self.lang, **kw)

    def n(self, x: float | None) -> str:
        """An index or points: two decimals."""
        return self.f.n(x, 2)

    def signed(self, x: float | None) -> str:
        return "–" if x is None else ("+" if x >= 0.005 else "") + self.n(x)

    def gain(self, x: float) -> str:
        return "+" + i18n.number(x, self.lang, 3)

    def date(self, d: datetime.date | None) -> str:
        """6 November 2025 (Babel, the reader's locale)."""
        return "–" if d is None else i18n.date(d, self.lang)

    def crit_name(self, cid: str) -> str:
        ins = self.rh.instrument
        c = ins.criterion(cid)
        return f"{ins.dimension(c.dimension).name.get(self.lang)} · {c.name.get(self.lang)}"

    def ask(self, cid: str) -> str:
        """"Kota Samarinda (perkiraan 3,62; sama-sama kota, 115 km)": the peer, its value on the
        criterion and how it was obtained, and the context reasons of the host logic."""
        from scorecard.hosts import join_reasons

        a = advice_for(self.rh, cid)
        if a is None:
            return "–"
        why = join_reasons(a.reasons, self.lang, ", ")
        return self.t("ask.value-why" if why else "ask.value", peer=a.peer.name, value=self.n(a.peer_value),
                      basis=self.t(f"ask.basis.{a.basis}"), why=why)

    def kind(self, step: Step) -> str:
        if step.evidence_only:
            return self.t("kind.evidence")
        return self.t("kind.mixed") if step.evidence_steps else self.t("kind.improve")

    def written(self, m: MissingEvidence | None) -> str:
        """What a missing-evidence cell says and why it does not count ("" when blank)."""
        if m is None or m.written is None or m.check is None or m.check.verdict == "blank":
            return ""
        return self.t("written", text=shown(m.written), why=self.t(f"verdict.{m.check.verdict}"))

    def title(self) -> str:
        return self.t("title", region=self.rh.assessment.region_name or "-", stage=self.t(f"stage.{self.rh.stage}"))


def _text(s: str) -> Cell:
    return Cell(s, s)


def _whole(v: int) -> Cell:
    return Cell(v, str(v))


# ----------------------------------------------------------------------------------------------
# The report


def rehearsal_view(rh: Rehearsal, lang: str = "id", plan: Plan | None = None, links: BenchmarkView | None = None,
                   *, criteria_shown: int = 6, check_chars: int = 200) -> RehearsalView:
    """The rehearsal ``rh`` as view data. ``plan``: the plan before tahap II (default: without a
    date); ``links``: the benchmark link (``--benchmark``). ``criteria_shown`` linked criteria per
    weak benchmark area and ``check_chars`` characters of a cell to check are listed (the terminal
    asks for fewer than the page)."""
    x = _Texts(rh, lang)
    ins, a = rh.instrument, rh.assessment
    if plan is None:
        plan = plan_before(rh)
    last_year: int | str = a.last.year if a.last and a.last.year else ""

    facts = [Fact(x.t("fact.verified"), x.n(rh.verified.overall), rh.verified.overall, "main"),
             Fact(x.t("fact.claimed"), x.n(rh.claimed.overall), rh.claimed.overall, "number"),
             Fact(x.t("fact.risks"), str(len(rh.risks)), len(rh.risks), "number")]
    if a.last is not None and a.last.overall is not None:
        facts.append(Fact(x.t("fact.last", year=last_year).strip(), x.n(a.last.overall), a.last.overall, "number"))
    band = rh.verified.band
    headline = x.t("band-line", verified=x.n(rh.verified.overall), band=band.label.get(lang) if band else "-",
                   claimed=x.n(rh.claimed.overall), gap=x.n(rh.claimed.overall - rh.verified.overall),
                   n=len(rh.risks))

    crit_cols = (Column("criterion", x.t("col.criterion")), Column("name", x.t("col.criterion")))
    missing = None
    if rh.stage == 1:
        missing = Table("missing", x.t("missing.title", n=len(rh.missing)),
                        (*crit_cols, Column("level", x.t("col.level"), "rank"), Column("stage", x.t("col.stage")),
                         Column("evidence", x.t("col.evidence")), Column("written", x.t("col.written"))),
                        tuple(Row((_text(m.criterion), _text(x.crit_name(m.criterion)), _whole(m.evidence.level),
                                   Cell(ins.criterion(m.criterion).stage,
                                        x.t("stage-short", n=ins.criterion(m.criterion).stage)),
                                   _text(m.evidence.text.get(lang)), Cell(m.written, x.written(m))),
                                  code=m.evidence.id) for m in rh.missing))
    points_at_risk = rh.claimed.overall - rh.verified.overall
    risks = Table("risks", x.t("risk.title", n=len(rh.risks), points=x.n(points_at_risk)),
                  (*crit_cols, Column("claimed", x.t("col.claimed-level"), "rank"),
                   Column("supported", x.t("col.supported"), "rank"), Column("points", x.t("col.points"), "number"),
                   Column("missing", x.t("col.missing")), Column("ask", x.t("col.ask"))),
                  tuple(Row((_text(r.criterion), _text(x.crit_name(r.criterion)), _whole(r.claimed),
                             _whole(r.supported), Cell(-r.points, "-" + x.n(r.points)),
                             _text("; ".join(e.text.get(lang) for e in r.missing)), _text(x.ask(r.criterion))),
                            code=r.criterion) for r in rh.risks))
    checks = tuple(CheckLine(cell_ref(rh, m.evidence.id), m.evidence.id, shown(m.written or "", check_chars),
                             x.t(f"check.reason.{m.check.reason}", found=m.check.found) if m.check else "")
                   for m in rh.needs_check)

    path_lines, steps, path_total = _path(x)
    plan_intro, phases = _plan(x, plan)
    owners = sorted({i.owner.get(lang) for i in plan.items if i.owner is not None})
    visits_title = x.t("visits.title")
    return RehearsalView(
        lang=lang, title=x.title(), illustrative=x.t("illustrative") if a.illustrative else "",
        notice=notice(rh, lang), weights=_weights_line(x),
        prediction_title=x.t("html.prediction"), facts=tuple(facts), headline=headline,
        prediction=_prediction(x, last_year), stage=rh.stage,
        missing_title=x.t("missing.title", n=len(rh.missing)), missing=missing,
        risk_title=risks.title, risks=risks,
        risk_note=rounding_note(x, [r.points for r in rh.risks], points_at_risk, 2),
        check_title=x.t("check.title", n=len(rh.needs_check)), check_intro=x.t("check.intro"), checks=checks,
        path_title=x.t("html.path"), path_lines=path_lines, steps=steps, path_total=path_total,
        plan_title=x.t("html.plan"), plan_intro=plan_intro, phases=phases,
        owners=x.t("plan.owners", owners=", ".join(owners)) if owners else "",
        visits_heading=visits_title.rstrip(":") if rh.visits else "", visits_title=visits_title,
        visits=tuple(_visit_text(x, v) for v in rh.visits),
        benchmark=None if links is None else _benchmark(x, links, criteria_shown),
        peers_title=x.t("html.peers"),
        peers=tuple(Fact(p.name, x.n(p.result.overall), p.result.overall, "number") for p in a.peers),
        evidence_rule=x.t("evidence-rule"),
        rule=x.t("rule", rule=ins.verification_rule.get(lang) if ins.verification_rule else "-"),
        footer=x.t("html.footer", instrument=instrument_name(rh, lang), file=Path(a.file).name if a.file else ""),
    )


def _weights_line(x: _Texts) -> str:
    rh, lang = x.rh, x.lang
    parts = ", ".join(f"{r.name.get(lang)} {i18n.number(rh.profile.weights.get(r.id, 0), lang)}"
                      for r in rh.instrument.results)
    return x.t("weights", profile=rh.profile.title(lang), status=x.t(f"status.{rh.profile.status}"), weights=parts)


def _prediction(x: _Texts, last_year: int | str) -> Table:
    """Overall, result dimensions, smart dimensions: claimed, evidence-backed, last official, and
    the change of the evidence-backed figure since the last official one."""
    rh, lang = x.rh, x.lang
    ins, last, primary = rh.instrument, rh.assessment.last, rh.primary
    lines: list[tuple[str, str, float, float, float | None, float]] = [
        ("overall", x.t("row.overall"), rh.claimed.overall, rh.verified.overall,
         last.overall if last else None, primary.overall)]
    lines += [(r.id, r.name.get(lang), rh.claimed.results[r.id], rh.verified.results[r.id],
               last.results.get(r.id) if last else None, primary.results[r.id]) for r in ins.results]
    lines += [(d.id, d.name.get(lang), rh.claimed.dimensions[d.id], rh.verified.dimensions[d.id],
               last.dimensions.get(d.id) if last else None, primary.dimensions[d.id]) for d in ins.dimensions]
    rows = []
    for rid, label, claimed, verified, last_value, predicted in lines:
        change = None if last_value is None else predicted - float(last_value)
        rows.append(Row((_text(label), Cell(claimed, x.n(claimed)), Cell(verified, x.n(verified)),
                         Cell(last_value, x.n(last_value)), Cell(change, x.signed(change))),
                        code=rid, highlight=rid == "overall"))
    columns = (Column("what", x.t("col.what")), Column("claimed", x.t("col.claimed"), "number"),
               Column("verified", x.t("col.verified"), "number"),
               Column("last", x.t("col.last", year=last_year).strip(), "number"),
               Column("change", x.t("col.change"), "delta"))
    return Table("prediction", x.t("html.prediction"), columns, tuple(rows))


def shown_value(x: float, decimals: int) -> float:
    """``x`` as the page shows it with ``decimals`` decimals (Babel's rounding, read back)."""
    return float(i18n.number(x, "en", decimals).replace(",", ""))


def rounding_note(x: _Texts, parts: Sequence[float], total: float, decimals: int) -> str:
    """A sentence when the rows' points as shown do not add up to the total as shown: the total is
    the sum of the unrounded points ("" when they agree). A reader adding the column gets the
    difference explained instead of a sum that looks wrong."""
    added = sum(shown_value(abs(p), decimals) for p in parts)
    if round(added, decimals) == shown_value(abs(total), decimals):
        return ""
    return x.t("rounding.note", decimals=decimals, parts=i18n.number(added, x.lang, decimals),
               total=i18n.number(abs(total), x.lang, decimals))


def _path(x: _Texts) -> tuple[tuple[str, ...], Table | None, tuple[str, ...]]:
    """The path's head lines, its steps and its total (the path starts from the evidence-backed index)."""
    rh, lang = x.rh, x.lang
    plan = rh.path
    if plan is None:
        return (x.t("path.top"),), None, ()
    target_label = plan.target_band.label.get(lang) if plan.target_band else x.n(plan.target)
    head = x.t("path.title", target=x.n(plan.target), band=target_label, gap=x.n(max(plan.target - plan.start, 0.0)),
               start=x.n(plan.start), claimed=x.n(rh.claimed.overall))
    if not plan.reached:
        return (head, x.t("path.unreachable", max=x.n(plan.max_reachable), raise_=rh.instrument.max_raise)), None, ()
    if not plan.steps:
        return (head, x.t("path.already")), None, ()
    ev = [s for s in plan.steps if s.evidence_steps]
    real = [s for s in plan.steps if not s.evidence_only]
    first = (x.t("path.first", n=len(ev), gain=i18n.number(plan.evidence_gain, lang, 3)) if ev
             else x.t("path.first-none"))
    then = (x.t("path.then", n=len(real), gain=i18n.number(plan.improvement_gain, lang, 3)) if real
            else x.t("path.then-none"))
    ins = rh.instrument
    columns = (Column("criterion", x.t("col.criterion")), Column("name", x.t("col.criterion")),
               Column("levels", x.t("col.levels")), Column("gain", x.t("col.gain"), "number"),
               Column("cost", x.t("col.cost"), "number"), Column("kind", x.t("col.kind")),
               Column("evidence", x.t("col.evidence")), Column("ask", x.t("col.ask")))
    rows = []
    for s in plan.steps:
        evidence = tuple(e.text.get(lang) for e in ins.criterion(s.criterion).evidence
                         if s.from_level < e.level <= s.to_level)
        rows.append(Row((_text(s.criterion), _text(x.crit_name(s.criterion)),
                         Cell((s.from_level, s.to_level), f"{s.from_level} → {s.to_level}"),
                         Cell(s.gain, x.gain(s.gain)), _whole(s.cost), _text(x.kind(s)),
                         Cell(evidence, "; ".join(evidence)), _text(x.ask(s.criterion))), code=s.criterion))
    total: tuple[str, ...] = (x.t("path.total", n=len(plan.steps), gain=i18n.number(plan.gain, lang, 3),
                                   after=x.n(plan.start + plan.gain), cost=plan.cost),)
    note = rounding_note(x, [s.gain for s in plan.steps], plan.gain, 3)
    total += ((note,) if note else ()) + (x.t("path.method"),)
    return (head, first, then), Table("path", x.t("html.path"), columns, tuple(rows)), total


def _plan(x: _Texts, plan: Plan) -> tuple[str, tuple[PhaseLine, ...]]:
    """(intro sentence, phases for the timeline) — or the hint to pass ``--until``."""
    if not plan.phases or plan.today is None or plan.until is None:
        return x.t("plan.none"), ()
    total = max((plan.until - plan.today).days, 1)
    phases = []
    for ph in plan.phases:
        label = x.t(f"plan.phase.{ph.key}")
        key = "plan.phase.line-final" if ph.key == "final-check" else "plan.phase.line"
        phases.append(PhaseLine(ph.key, round(100 * (ph.end - ph.start).days / total, 2), label,
                                x.date(ph.start), x.date(ph.end),
                                x.t(key, start=x.date(ph.start), end=x.date(ph.end), label=label, n=ph.items,
                                    points=i18n.number(ph.points, x.lang, 3))))
    intro = x.t("plan.intro", today=x.date(plan.today), until=x.date(plan.until), days=(plan.until - plan.today).days)
    return intro, tuple(phases)


def _visit_text(x: _Texts, v: Visit) -> str:
    ins = x.rh.instrument
    dims = sorted({ins.dimension(ins.criterion(c).dimension).name.get(x.lang) for c in v.criteria})
    return x.t("visits.line", peer=v.peer.name, n=len(v.criteria), points=x.n(v.points), dims=", ".join(dims))


def _benchmark(x: _Texts, links: BenchmarkView, limit: int) -> BenchmarkSection:
    """One row per weak benchmark area: its impact, the evaluation dimensions and the criteria that
    would show it (weakest first, marked on the path / at risk, at most ``limit``), the benchmark's host."""
    rh, lang = x.rh, x.lang
    ins = rh.instrument
    rows = []
    ln: AreaLink
    for ln in links.links:
        crit = []
        for cid in ln.criteria[:limit]:
            marks = [x.t("bench.mark.path")] if cid in ln.on_path else []
            marks += [x.t("bench.mark.risk")] if cid in ln.at_risk else []
            crit.append(f"{cid} ({rh.supported[cid]}/{rh.assessment.levels.get(cid, ins.min_level)}"
                        + (", " + ", ".join(marks) if marks else "") + ")")
        if len(ln.criteria) > limit:
            crit.append(x.t("bench.more", n=len(ln.criteria) - limit))
        dims = (", ".join(ins.dimension(d).name.get(lang) for d in ln.dimensions) if ln.linked
                else x.t("bench.unlinked"))
        rows.append(Row((_text(ln.area.name.get(lang)), Cell(ln.area.impact, "+" + x.n(ln.area.impact)),
                         Cell(ln.dimensions, dims), Cell(ln.criteria, "; ".join(crit)),
                         Cell(ln.area.host, ln.area.host or "–")), code=ln.area.area))
    columns = (Column("area", x.t("bench.col.area")), Column("impact", x.t("bench.col.impact"), "number"),
               Column("dims", x.t("bench.col.dims")), Column("criteria", x.t("bench.col.criteria")),
               Column("host", x.t("bench.col.host")))
    title = x.t("html.benchmark")
    return BenchmarkSection(title, x.t("bench.intro", region=rh.assessment.region_name or "-", n=links.regions),
                            Table("benchmark", title, columns, tuple(rows)), x.t("bench.none"))


# ----------------------------------------------------------------------------------------------
# The Excel checklist


CHECKLIST_COLUMNS = ("points", "kind", "criterion", "name", "stage", "level", "evidence", "written", "owner", "due",
                     "done", "notes")


def checklist_view(rh: Rehearsal, lang: str = "id", plan: Plan | None = None) -> ChecklistView:
    """The evidence checklist as view data: one row per evidence item still to produce (claimed
    levels whose evidence does not count, then the evidence of the path's real improvements),
    sorted by the points at stake, with the suggested owner (OPD) and the due date (when the
    tahap II date is given); "done" and "notes" are left for the team."""
    x = _Texts(rh, lang)
    ins, a = rh.instrument, rh.assessment
    if plan is None:
        plan = plan_before(rh)
    evidence_due = next((p.end for p in plan.phases if p.key == "evidence"), None)
    improve_due = next((p.end for p in plan.phases if p.key == "improve"), None)
    if plan.until is not None and plan.phases:
        note = x.t("xlsx.due-note", until=x.date(plan.until), evidence=x.date(evidence_due),
                   improve=x.date(improve_due))
    else:
        note = x.t("xlsx.no-until")
    missing: dict[str, MissingEvidence] = {}
    for m in rh.missing:
        missing.setdefault(m.evidence.id, m)
    rows = []
    for item in plan.items:
        crit = ins.criterion(item.criterion)
        owner = item.owner.get(lang) if item.owner is not None else ""
        points = round(item.points, 3)
        rows.append(Row((Cell(points, i18n.number(points, lang, 3)), _text(x.t(f"xlsx.kind.{item.kind}")),
                         _text(item.criterion), _text(x.crit_name(item.criterion)), _whole(crit.stage),
                         _whole(item.evidence.level), _text(item.evidence.text.get(lang)),
                         _text(x.written(missing.get(item.evidence.id))), _text(owner),
                         Cell(item.due, "" if item.due is None else x.date(item.due)), Cell(None, ""), Cell(None, "")),
                        code=item.evidence.id))
    kinds = {"points": "number", "stage": "rank", "level": "rank", "due": "date"}
    columns = tuple(Column(k, x.t(f"xlsx.col.{k}"), kinds.get(k, "text")) for k in CHECKLIST_COLUMNS)
    title = x.title()
    return ChecklistView(x.t("xlsx.sheet")[:31], title,
                         (x.t("illustrative") + " " if a.illustrative else "") + notice(rh, lang), note,
                         Table("checklist", title, columns, tuple(rows)), x.t("xlsx.none"), x.t("xlsx.done-options"))
