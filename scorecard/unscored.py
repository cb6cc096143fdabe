"""Say why something got no score, instead of a table of "–" (issue 18, class 3).

Three levels, each located (workbook, sheet, column or rubric key path) and worded in the
reader's language through the message catalogue (``locale/hardening.yaml``, ``unscored.*``):

- :func:`no_data_issues` (before scoring, every command that reads a workbook): an indicator with
  no value for any region is a warning naming the indicator, its rubric key and the column or
  sheet that is empty; when *no* indicator of the rubric has a value for any region, the
  workbook holds nothing the rubric can score: an error (exit 1), because every output would be
  a table of "–" that looks like a result.
- :func:`unscored_issues` (after scoring): a dimension that no region gets a score in, and a run
  in which no region gets an overall score (every peer group holds one region with data, every
  indicator is equal across the group, or no region reaches ``missing.min_coverage``): warnings,
  exit 0 — the data are valid and the figures and official grades stay true; the message says
  why and what to change (a wider ``--peers``, more regions, the missing data).

Pure: tables, rubric and results in, :class:`~scorecard.issues.Issue` objects out.
docs/reliability.md ("Nothing to score") defends the error/warning split.
"""

from __future__ import annotations

from scorecard.peers import first_code, label_key

from typing import Any

from scorecard.issues import ERROR, WARNING, Issue, Phrase
from scorecard.kinds import kind_of
from scorecard.schema import Text


def indicator_keys(rubric: Any) -> dict[str, str]:
    """Indicator id -> its rubric key path (``dimensions[1].indicators[0]``, or through
    ``subdimensions[k]`` when the dimension has sub-dimensions)."""
    out: dict[str, str] = {}

    def walk(item: Any, path: str) -> None:
        if getattr(item, "groups", ()):
            for k, group in enumerate(item.groups):
                walk(group, f"{path}.subdimensions[{k}]")
            return
        for k, ind in enumerate(item.indicators):
            out[ind.id] = f"{path}.indicators[{k}]"

    for i, dim in enumerate(rubric.dimensions):
        walk(dim, f"dimensions[{i}]")
    return out


def _region_sheet(tables: Any) -> str | None:
    cells = getattr(tables, "cells", None) or {}
    for where in cells.values():
        return str(where[0])
    return None


def _all_blank(tables: Any, column: str | None) -> bool:
    regions = tables.regions
    return column is None or column not in regions.columns or not bool(regions[column].notna().any())


def _why(tables: Any, rubric: Any, ind: Any) -> tuple[Phrase, str | None, str | None]:
    """(why, sheet, column) for an indicator without any value."""
    family = kind_of(ind).family
    sheet = _region_sheet(tables)
    if family == "column":
        return Phrase("unscored.why.column", column=ind.column), sheet, ind.column
    if family == "ratio":
        for col in (ind.numerator, ind.denominator):
            if _all_blank(tables, col):
                return Phrase("unscored.why.column", column=col), sheet, col
        return (Phrase("unscored.why.ratio", numerator=ind.numerator, denominator=ind.denominator), sheet,
                None)
    if family == "streak":
        return Phrase("unscored.why.opinions"), None, None
    if family == "awards":
        return Phrase("unscored.why.awards"), None, None
    return Phrase("unscored.why.other"), None, None  # pragma: no cover - every family is listed above


def no_data_issues(tables: Any, rubric: Any, values: Any = None, *, refuse: bool = True) -> list[Issue]:
    """Warnings for indicators without any value, and an error when that is every indicator
    (a warning with ``refuse=False``: ``validate`` of a fresh template, correct but empty).
    ``values``: the derived indicator values (regions x indicator ids), derived here if None."""
    if values is None:
        from scorecard.derive import derive
        from scorecard.issues import IssueReport

        values = derive(tables, rubric, IssueReport()).values  # notes are the scoring run's business
    if not len(values):
        return []
    keys = indicator_keys(rubric)
    file = getattr(tables, "file", None)
    year = getattr(tables, "year", None)
    out: list[Issue] = []
    empty = [ind for ind in rubric.indicators if ind.id in values.columns and not bool(values[ind.id].notna().any())]
    for ind in empty:
        why, sheet, column = _why(tables, rubric, ind)
        out.append(Issue("indicator-no-data", WARNING, file=file, sheet=sheet, column=column, params={
            "indicator": ind.name, "id": ind.id, "key": keys.get(ind.id, ind.id), "why": why,
            "rubric": _name(rubric.source)}))
    if empty and len(empty) == len(rubric.indicators):
        params: dict[str, Any] = {"n": len(empty), "rubric": _name(rubric.source) or rubric.id}
        code = "nothing-to-score"
        if year is not None:
            code, params["year"] = "nothing-to-score-year", year
        out.append(Issue(code, ERROR if refuse else WARNING, file=file, sheet=_region_sheet(tables), params=params))
    return out


def _aligned(frame: Any, index: Any) -> Any:
    """``frame`` on the rows ``index`` (as ``reindex``), without a copy when it is already so."""
    return frame if frame.index.equals(index) else frame.reindex(index)


def _name(path: Any) -> str:
    if not path:
        return ""
    from pathlib import Path

    return Path(str(path)).name


def unscored_issues(result: Any) -> list[Issue]:
    """After scoring: a dimension no region has a score in, and a run where no region has an
    overall score, each with the reason and what to change."""
    rubric = result.rubric
    file = getattr(result.tables, "file", None)
    out: list[Issue] = []
    # the regions of the run; ``result.codes`` is the same set ranked, and the order matters only for
    # the rare run where no region has an overall score (a tie in coverage below): sorting 84,000
    # villages and reindexing their 40 columns for a yes/no cost more than scoring them (issue 17)
    regions = result.regions.index
    if not len(regions):
        return out
    overall = _aligned(result.overall, regions)
    values = _aligned(result.values, regions)
    if not bool(values.notna().to_numpy().any()):
        return out  # nothing to score at all: no_data_issues said so, with the culprits
    peers = _peers_phrase(result.peers, first_code(result))
    if bool(overall.notna().any()):
        dims = _aligned(result.dimension_scores, regions)
        for i, dim in enumerate(rubric.dimensions):
            if dim.id in dims.columns and not bool(dims[dim.id].notna().any()):
                names = Text(", ".join(ind.name.id for ind in dim.indicators),
                             ", ".join(ind.name.en for ind in dim.indicators))
                no_data = all(not bool(values[ind.id].notna().any()) for ind in dim.indicators
                              if ind.id in values.columns)
                out.append(Issue("dimension-no-score", WARNING, file=str(rubric.source) if rubric.source else None,
                                 key=f"dimensions[{i}]", params={
                                     "dimension": dim.name, "indicators": names,
                                     "why": Phrase("unscored.dim.no-data" if no_data else "unscored.dim.equal",
                                                   peers=peers)}))
        return out
    # no region has an overall score
    codes = list(result.codes) if hasattr(result, "codes") else list(regions)
    values = values.reindex(codes)
    status = result.status.reindex(codes) if result.status is not None else None
    if status is not None and bool((status == "insufficient-data").all()):
        best = result.coverage.reindex(codes).astype(float)
        top = best.idxmax()
        why = Phrase("unscored.none.coverage", min=round(rubric.missing.min_coverage * 100),
                     best=round(float(best[top]) * 100), region=str(result.regions.at[top, "name"]))
    else:
        with_data = values.notna().any(axis=1)
        per_group = with_data.groupby(result.regions.reindex(codes)["peer_group"]).transform("sum")
        if bool((per_group <= 1).all()):
            if result.peers == "all":
                key = "unscored.none.one-region" if len(codes) == 1 else "unscored.none.single-all"
            else:
                key = "unscored.none.single-focus" if len(codes) == 1 else "unscored.none.single"
            why = Phrase(key, peers=peers, total=len(codes))
        else:
            why = Phrase("unscored.none.equal", peers=peers)
    who = Phrase("unscored.who.one") if len(codes) == 1 else Phrase("unscored.who.many", n=len(codes))
    out.append(Issue("nothing-ranked", WARNING, file=file, params={"who": who, "why": why}))
    return out


def _peers_phrase(peers: str, code: Any = None) -> Phrase | str:
    from scorecard import i18n

    key = label_key(peers, code)
    return Phrase(key) if i18n.has(key) else peers


def whatif_unscored_issues(before: list[Issue], after: list[Issue], *,
                           changed: dict[str, str] | None = None, focus_name: str | None = None) -> Any:
    """``whatif``'s warnings: the workbook's own (``before``, as ``score`` and ``recommend`` say them)
    and, of the re-scored run, those the change brought about, each marked "after the change".
    ``changed``: column id -> the ``--set`` text that changed it (``{"penduduk": "--set penduduk=0"}``);
    a new warning about the focus region (``focus_name``) and one of those columns is located at
    that option — the workbook's cell still holds the old value —, any other keeps its location."""
    from scorecard import i18n
    from scorecard.issues import IssueReport, _show

    out = IssueReport()
    out.extend(before)
    said = {(i.code, i.render("en")) for i in before}
    for issue in after:
        if (issue.code, issue.render("en")) in said:
            continue
        params = dict(issue.params)
        if issue.value is not None and "value" not in params:  # as Issue.message fills it in
            params["value"] = Text(_show(issue.value, "id"), _show(issue.value, "en"))
        column = issue.column if issue.column in (changed or {}) else params.get("column")
        option = (changed or {}).get(column) if isinstance(column, str) else None
        if option is not None and focus_name is not None and str(params.get("region")) == focus_name:
            key = f"issue.{issue.code}.option" if i18n.has(f"issue.{issue.code}.option") else f"issue.{issue.code}"
            out.issues.append(Issue("whatif-after-change", issue.severity, option=option,
                                    params={"what": Phrase(key, **params)}))
            continue
        out.issues.append(Issue("whatif-after-change", issue.severity, file=issue.file, sheet=issue.sheet,
                                row=issue.row, column=issue.column, column_letter=issue.column_letter,
                                key=issue.key, line=issue.line,
                                params={"what": Phrase(f"issue.{issue.code}", **params)}))
    return out
