"""What-if on benchmark data: change a region's values, re-score, compare.

Pure: :func:`apply_changes` returns new :class:`~scorecard.validate.Tables` with one region's
values replaced (the input tables are not modified); :func:`what_if` scores before and after with
the normal pipeline and, when :mod:`scorecard.recommend` is available, recommends before and after.
Values are parsed like workbook cells: ``"3,6"`` (decimal comma), ``"1.234"``, ``"45%"``, a grade
code such as ``"A"`` or ``"WTP"``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Mapping

from scorecard.issues import IssueReport

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
            report.add("whatif-unknown-column", column="--set", value=ref,
                       params={"known": ", ".join(sorted(rubric.columns)) if rubric is not None else "-"})
            continue
        if rubric is not None:
            number, grade, err = parse_value(rubric, column, value)
            if err:
                spec = rubric.columns[column]
                from scorecard.validate import _expected

                report.add(err, column="--set", value=f"{ref}={value}",
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
    a_before = analyse(tables, rubric, peers=peers, focus=focus, trends=False, recommend=recommend,
                       reference=reference)
    a_after = analyse(new_tables, rubric, peers=peers, focus=focus, trends=False, recommend=recommend,
                      reference=reference, similarity=a_before.similarity)
    before, after = a_before.score, a_after.score
    listed = []
    for ref in changes:
        cid = resolve_column(rubric, ref)
        assert cid is not None  # apply_changes refused unknown columns
        b = tables.regions.at[focus, cid]
        listed.append(Change(cid, changes[ref], None if b != b else float(b), float(new_tables.regions.at[focus, cid]),
                             tables.grades.at[focus, cid] if cid in tables.grades.columns else None,
                             new_tables.grades.at[focus, cid] if cid in new_tables.grades.columns else None))
    return WhatIf(focus, tuple(listed), before, after, a_before.recommendation, a_after.recommendation)
