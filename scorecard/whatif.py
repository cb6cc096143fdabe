"""What-if on benchmark data: change a region's values, re-score, compare.

Pure: :func:`apply_changes` returns new :class:`~scorecard.validate.Tables` with one region's
values replaced (the input tables are not modified); :func:`what_if` scores before and after with
the normal pipeline and, when :mod:`scorecard.recommend` is available, recommends before and after.
Values are parsed like workbook cells: ``"3,6"`` (decimal comma), ``"1.234"``, ``"45%"``, a grade
code such as ``"A"`` or ``"WTP"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Mapping

from scorecard.issues import IssueReport

from scorecard.view import Table

if TYPE_CHECKING:
    from scorecard.recommend import Recommendation
    from scorecard.results import ScoreResult
    from scorecard.rubric import Rubric
    from scorecard.validate import Tables


@dataclass(frozen=True)
class Change:
    column: str  # rubric column id
    raw: Any  # as given
    before: Any  # number before (None when blank)
    after: float | None
    before_grade: str | None = None
    after_grade: str | None = None


@dataclass(frozen=True)
class WhatIf:
    focus: str
    changes: tuple[Change, ...]
    before: ScoreResult
    after: ScoreResult
    rec_before: Recommendation | None = None
    rec_after: Recommendation | None = None
    # the scoring runs' warnings (a zero denominator, a budget per resident not computed …): the
    # workbook's own, and those of the run with the change (whatif says these "after the change")
    notes_before: IssueReport = field(default_factory=IssueReport)
    notes_after: IssueReport = field(default_factory=IssueReport)


def _norm(text: str) -> str:
    from scorecard.validate import norm_header

    return norm_header(text)


def resolve_column(rubric: Any, ref: str) -> str | None:
    """A rubric column id, a column header (id/en), or an indicator id reading a single column."""
    key = _norm(ref)
    for cid, col in rubric.columns.items():
        if key in (_norm(cid), _norm(col.label.id), _norm(col.label.en)):
            return cid
    for ind in rubric.indicators:
        if key in (_norm(ind.id), _norm(ind.name.id), _norm(ind.name.en)) and ind.column:
            return ind.column
    return None


def parse_value(rubric: Any, column: str, value: Any) -> tuple[float | None, str | None, str | None]:
    """(number, grade code, issue code) for ``value`` in ``column``, parsed like a workbook cell and
    range-checked like one."""
    from scorecard.validate import _parse_cell

    spec = rubric.columns[column]
    p = _parse_cell(value, spec, rubric)
    if not p.ok:
        return None, None, p.error
    if p.value is None:
        return None, None, "whatif-blank"
    if spec.type not in ("grade", "text"):
        from scorecard.validate import absurd

        if bool(absurd([float(p.value)])[0]):  # issue 18 class 2: --set pad=1e308 is refused like a cell
            return p.value, None, "number-implausible"
        lo = spec.min if spec.min is not None else (0 if spec.type == "integer" else None)
        if lo is not None and p.value < lo:
            return p.value, None, "below-minimum"
        if spec.max is not None and p.value > spec.max:
            return p.value, None, "above-maximum"
    return float(p.value), p.grade, None


def apply_changes(tables: Any, code: str, changes: Mapping[str, Any], rubric: Any = None) -> Any:
    """New tables with region ``code``'s columns set to ``changes`` (column -> value). Text values
    are parsed with ``rubric``; numbers are used as they are. Raises :class:`InputError` listing
    every bad change."""
    report = IssueReport()
    regions = tables.regions.copy()
    grades = tables.grades.copy()
    for ref, value in changes.items():
        column = resolve_column(rubric, ref) if rubric is not None else ref
        if column is None or column not in regions.columns:
            report.add("whatif-unknown-column", option="--set", value=ref,
                       params={"known": ", ".join(sorted(rubric.columns)) if rubric is not None else "-"})
            continue
        if rubric is not None:
            number, grade, err = parse_value(rubric, column, value)
            if err:
                spec = rubric.columns[column]
                from scorecard.validate import _expected

                report.add(err, option="--set", value=f"{ref}={value}",
                           params={"expected": _expected(spec, rubric), "bound": spec.max if err == "above-maximum"
                                   else (spec.min if spec.min is not None else 0), "unit": spec.unit or "",
                                   "min": spec.min, "max": spec.max})
                continue
        else:
            number, grade = float(value), None
        regions[column] = regions[column].astype(float)
        regions.at[code, column] = number
        if column in grades.columns:
            grades[column] = grades[column].astype(object)
            grades.at[code, column] = grade
    report.raise_if_errors()
    return replace(tables, regions=regions, grades=grades)


def what_if(tables: Tables, rubric: Rubric, focus: str, changes: Mapping[str, Any], *, peers: str = "all",
            recommend: bool = True, reference: Any = None) -> WhatIf:
    """Score (and recommend, with ``recommend``) before and after ``changes`` to ``focus``'s values,
    each through :func:`scorecard.analysis.analyse`. With ``peers="similar[:K]"`` the group found
    before the change is kept after it (``reference``: the national reference data)."""
    from scorecard.analysis import analyse

    new_tables = apply_changes(tables, focus, changes, rubric)
    notes_before, notes_after = IssueReport(), IssueReport()
    a_before = analyse(tables, rubric, peers=peers, focus=focus, trends=False, recommend=recommend,
                       reference=reference, notes=notes_before)
    a_after = analyse(new_tables, rubric, peers=peers, focus=focus, trends=False, recommend=recommend,
                      reference=reference, similarity=a_before.similarity, notes=notes_after)
    before, after = a_before.score, a_after.score
    listed = []
    for ref in changes:
        cid = resolve_column(rubric, ref)
        assert cid is not None  # apply_changes refused unknown columns
        b = tables.regions.at[focus, cid]
        listed.append(Change(cid, changes[ref], None if b != b else float(b), float(new_tables.regions.at[focus, cid]),
                             tables.grades.at[focus, cid] if cid in tables.grades.columns else None,
                             new_tables.grades.at[focus, cid] if cid in new_tables.grades.columns else None))
    return WhatIf(focus, tuple(listed), before, after, a_before.recommendation, a_after.recommendation,
                  notes_before, notes_after)


# ----------------------------------------------------------------------------------------------
# What the planner reads: the neutral view model (scorecard.view), as for the benchmark report


def region_state(result: ScoreResult, code: str) -> dict[str, Any]:
    """Score, band, status, coverage and ranks of ``code`` (overall and per dimension)."""
    import pandas as pd

    rank = result.ranks.at[code, "overall"]
    group = result.regions.at[code, "peer_group"]
    status = getattr(result, "status", None)
    return {"score": float(result.overall[code]), "grade": result.grades.at[code, "overall"],
            "status": "ok" if status is None else str(status[code]), "coverage": float(result.coverage[code]),
            "rank": None if pd.isna(rank) else int(rank), "of": int(result.group_sizes[group]),
            "dimensions": {d.id: {"score": float(result.dimension_scores.at[code, d.id]),
                                  "rank": None if pd.isna(result.ranks.at[code, d.id]) else int(result.ranks.at[code, d.id]),
                                  "grade": result.grades.at[code, d.id]}
                           for d in result.rubric.dimensions}}


def weak_names(rec: Recommendation | None, lang: str, limit: int | None = None) -> list[str]:
    """The recommendation's weak areas by name (at most ``limit``, then "(+n)")."""
    if rec is None:
        return []
    names = [w.name.get(lang) for w in rec.weak_areas]
    if limit is not None and len(names) > limit:
        return names[:limit] + [f"(+{len(names) - limit})"]
    return names


def _listed(names: list[str], lang: str | None = None) -> str:
    """Names joined with commas, the "(+n)" of :func:`weak_names` after the last one without a
    comma of its own ("A, B (+12)", not "A, B, (+12)"); "none" / "tidak ada" when there is none."""
    from scorecard import i18n

    if names and names[-1].startswith("(+"):
        return (", ".join(names[:-1]) + " " + names[-1]).strip()
    return ", ".join(names) or i18n.t("list.none", lang)


def trip_names(rec: Recommendation | None) -> list[str]:
    """The regions of the recommendation's trip, in visiting order."""
    if rec is None:
        return []
    return [s.name for s in rec.trip]


@dataclass(frozen=True)
class WhatIfView:
    """A what-if for a reader: every text translated, every number formatted."""

    title: str
    changes: tuple[str, ...]  # one line per changed value
    table: Table  # score, band, rank and each dimension that moved: before, after, change
    weak: str | None  # weak areas before -> after (when recommendations were made)
    trip: str | None  # trip before -> after
    note: str


def whatif_view(w: WhatIf, lang: str = "id") -> WhatIfView:
    """The what-if ``w`` as view data (``scorecard whatif`` prints it as a table)."""
    from scorecard import i18n
    from scorecard.judgement import band_heading, band_text, scoring_scale
    from scorecard.view import Cell, Column, Row, not_rated_text

    rubric = w.before.rubric
    b, a = region_state(w.before, w.focus), region_state(w.after, w.focus)
    name = w.before.regions.at[w.focus, "name"]
    title = i18n.t("whatif.title", lang, region=name, n=b["of"])
    changes = []
    for c in w.changes:
        col = rubric.columns[c.column]
        shown_b = i18n.number(c.before, lang) + (f" ({c.before_grade})" if c.before_grade else "")
        shown_a = i18n.number(c.after, lang) + (f" ({c.after_grade})" if c.after_grade else "")
        changes.append(i18n.t("whatif.change", lang, column=col.label.get(lang), before=shown_b, after=shown_a))

    def rank(s: dict[str, Any], r: int | None) -> str:
        return f"{r}/{s['of']}" if r is not None else "–"

    def with_rank(score: float, s: dict[str, Any], r: int | None) -> str:  # "62,3 (4/15)"; "–" for no score
        shown_score = i18n.number(score, lang, 1)
        return shown_score if r is None and shown_score == "–" else f"{shown_score} ({rank(s, r)})"

    def shown(s: dict[str, Any]) -> str:  # issue 13: a region not yet rated has no score to show
        return i18n.number(s["score"], lang, 1) if s["status"] == "ok" else not_rated_text(s["coverage"], lang, s["status"])

    def delta(after: float, before: float) -> Cell:
        """After - before as the two columns show them (one decimal each), so that the row adds up:
        27,9 -> 39,1 is "+11,2", not the unrounded "+11,1"."""
        x = after - before
        if math.isfinite(x):
            x = round(float(i18n.number(after, "en", 1).replace(",", "")) - float(i18n.number(before, "en", 1)
                                                                                 .replace(",", "")), 1)
        return Cell(after - before, ("+" if x >= 0.05 else "") + i18n.number(x, lang, 1))

    def text(s: str) -> Cell:
        return Cell(s, s)

    rank_delta = None if b["rank"] is None or a["rank"] is None else b["rank"] - a["rank"]
    rows = [Row((text(i18n.t("whatif.row.score", lang)), Cell(b["score"], shown(b)), Cell(a["score"], shown(a)),
                 delta(a["score"], b["score"])), code="overall"),
            Row((text(band_heading(rubric, lang)), text(band_text(rubric, b["grade"], lang) or "–"),
                 text(band_text(rubric, a["grade"], lang) or "–"), text("")), code="band"),
            Row((text(i18n.t("whatif.row.rank", lang)), Cell(b["rank"], rank(b, b["rank"])),
                 Cell(a["rank"], rank(a, a["rank"])),
                 Cell(rank_delta, "" if rank_delta is None else (f"{rank_delta:+d}" if rank_delta else "0"))),
                code="rank")]
    if scoring_scale(rubric) is None:  # no band scale (the village example): no row of "–" (docs/reports.md)
        rows = [r for r in rows if r.code != "band"]
    for d in rubric.dimensions:
        db, da = b["dimensions"][d.id], a["dimensions"][d.id]
        if abs(da["score"] - db["score"]) < 1e-9 and db["rank"] == da["rank"]:
            continue
        rows.append(Row((text(d.name.get(lang)),
                         Cell(db["score"], with_rank(db["score"], b, db["rank"])),
                         Cell(da["score"], with_rank(da["score"], a, da["rank"])),
                         delta(da["score"], db["score"])), code=d.id))
    columns = (Column("item", ""), Column("before", i18n.t("whatif.col.before", lang), "number"),
               Column("after", i18n.t("whatif.col.after", lang), "number"),
               Column("change", i18n.t("whatif.col.change", lang), "delta"))
    weak = trip = None
    if w.rec_before is not None:
        weak = i18n.t("whatif.weak", lang, before=_listed(weak_names(w.rec_before, lang, 5), lang),
                      after=_listed(weak_names(w.rec_after, lang, 5), lang))
        trip = i18n.t("whatif.trip", lang, before=_listed(trip_names(w.rec_before), lang),
                      after=_listed(trip_names(w.rec_after), lang))
    return WhatIfView(title, tuple(changes), Table("whatif", title, columns, tuple(rows)), weak, trip,
                      i18n.t("whatif.note", lang))
