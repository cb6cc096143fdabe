"""Derive indicator values from validated tables: columns, grades, ratios, WTP streaks, award counts.

Pure. Returns one value per region per indicator (``NaN`` = not available) plus notes for what
could not be derived. Rules (also in ``docs/workbook.md``):

* **WTP streak** = consecutive LKPD years with the indicator's opinion (WTP; WTP-DPP counts),
  ending at the reference year = ``opinions.as_of_year`` in the rubric, else the latest year in
  the opini_bpk sheet. A region with no row for the reference year gets no value (shown as
  missing, with a warning) rather than a guessed 0. A missing year inside the run ends the streak
  there (a note says so); a non-WTP opinion in the reference year gives 0.
* **Awards** = sum of ``jumlah`` (1 per row when absent) in the category over the window of years
  ending at ``awards.as_of_year`` or the latest year in the penghargaan sheet. How an absence is
  read (issue 13, documented in docs/methodology.md §1): when the sheet lists at least one award
  for some region, it is taken as the complete list and a region with no row in the window has
  **none** (0); when the sheet lists no award at all, awards were **not collected** and every
  award indicator has no value (a note says so). A 0 read from an absence is never, on its own,
  enough to score a dimension (see :func:`filled_inputs`).
* **Ratio** = numerator / denominator x multiplier; a zero denominator gives no value (warning).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from scorecard.issues import NOTE, WARNING, Issue, IssueReport, InputError
from scorecard.kinds import kind_of
from scorecard.rubric import Indicator, Rubric


@dataclass(frozen=True)
class Derived:
    values: pd.DataFrame  # index code, columns indicator ids (float)
    display: pd.DataFrame  # index code, columns indicator ids: grade codes where the rubric uses grades
    opinion_year: int | None
    award_years: tuple[int, int] | None


def derive(tables, rubric: Rubric, report: IssueReport | None = None) -> Derived:
    report = report if report is not None else IssueReport()
    index = tables.regions.index
    display: dict[str, pd.Series] = {}
    opinion_year = _opinion_year(tables, rubric)
    award_years = _award_years(tables, rubric)
    run = _Run(tables, rubric, report, opinion_year, award_years)
    # one float array, indicators x regions (the layout of a frame's block), filled indicator by
    # indicator: no frame of 40 Series consolidated and then copied again (2 x 27 MB at 84,000 villages)
    arr = np.empty((len(rubric.indicators), len(index)))
    for j, ind in enumerate(rubric.indicators):  # each kind's family names its derivation (scorecard.kinds)
        s = _DERIVE[kind_of(ind).family](run, ind)
        if s.index is not index and not s.index.equals(index):
            s = s.reindex(index)
        arr[j] = s.to_numpy(dtype=float)
        if "column" in kind_of(ind).columns and ind.column in tables.grades.columns:  # grades as written
            display[ind.id] = tables.grades[ind.column]
    if not len(tables.awards) and rubric.needs_awards():
        report.add("awards-not-collected", NOTE, file=tables.file, sheet="penghargaan", params={})
    frame = pd.DataFrame(arr.T, index=index, columns=pd.Index([i.id for i in rubric.indicators]), copy=False)
    refuse_unusable(tables, rubric, frame)
    disp = pd.DataFrame(display, index=index)
    return Derived(frame, disp, opinion_year, award_years)


@dataclass(frozen=True)
class _Run:
    """What every derivation may need: the tables, the rubric, where notes go, reference years."""

    tables: Any
    rubric: Rubric
    report: IssueReport
    opinion_year: int | None
    award_years: tuple[int, int] | None
    awards: dict[str, Any] = field(default_factory=dict)  # the award sheet as arrays, built once per derive


def _column(run: _Run, ind: Indicator) -> pd.Series:
    regions = run.tables.regions
    s = pd.to_numeric(regions[ind.column], errors="coerce") if ind.column in regions.columns else \
        pd.Series(np.nan, index=regions.index)
    return s.astype(float)


def source_cells(tables: Any, code: str, ind: Indicator) -> str:
    """The cells an indicator of region ``code`` was derived from, as ``sheet!M5`` (the columns'
    names when a cell's place is not known)."""
    parts = []
    for key in kind_of(ind).columns:
        column = getattr(ind, key, None)
        if not column:
            continue
        cells = getattr(tables, "cells", None) or {}
        if (code, column) in cells:
            sheet, row, letter = cells[(code, column)]
            parts.append(f"{sheet}!{letter}{row} ({column})")
        else:
            parts.append(repr(column))
    return ", ".join(parts) or "-"


_BLOCK = 8192  # rows looked at a time by refuse_unusable


def refuse_unusable(tables: Any, rubric: Rubric, frame: pd.DataFrame, *, stage: str = "derived") -> None:
    """Issue 18 class 2: a derived value (a ratio, a per-capita figure, a count) that is not finite
    or is beyond the plausibility rule (scorecard.validate.absurd, docs/reliability.md) is an error
    naming the region, the indicator and the cells it came from, never a silent blank or a rank
    computed from ``inf``. NaN stays "not available" (a blank, a zero denominator: said elsewhere).
    ``stage`` "normalised" (the indicator scores): only an infinite score is refused, a tiny one is real."""
    from scorecard.validate import absurd

    arr = frame.to_numpy(dtype=float)
    def check(a: np.ndarray) -> np.ndarray:
        return np.isinf(a) | absurd(a) if stage == "derived" else np.isinf(a)

    # first a look in blocks of rows (a whole-array pass made several temporary copies of it)
    if not any(check(arr[i:i + _BLOCK]).any() for i in range(0, len(arr), _BLOCK)):
        return
    bad = check(arr)
    code = "derived-not-usable" if stage == "derived" else "normalised-not-usable"
    by_id = {ind.id: ind for ind in rubric.indicators}
    names = tables.regions["name"] if "name" in tables.regions.columns else None
    issues = []
    for i, j in zip(*np.nonzero(bad)):
        region, ind = frame.index[i], by_id[frame.columns[j]]
        issues.append(Issue(code, file=tables.file, value=float(arr[i, j]),
                            params={"region": names[region] if names is not None else region, "indicator": ind.name,
                                    "cells": source_cells(tables, region, ind)}))
    raise InputError(issues)


def _ratio(run: _Run, ind: Indicator) -> pd.Series:
    regions = run.tables.regions
    num = pd.to_numeric(regions.get(ind.numerator), errors="coerce").astype(float)
    den = pd.to_numeric(regions.get(ind.denominator), errors="coerce").astype(float)
    n, d = num.to_numpy(dtype=float), den.to_numpy(dtype=float)
    zero = d == 0
    for code in regions.index[zero & ~np.isnan(n)]:
        run.report.add("ratio-zero-denominator", WARNING, file=run.tables.file, params={
            "region": regions.at[code, "name"], "indicator": ind.name, "column": ind.denominator})
    with np.errstate(all="ignore"):  # an overflow becomes inf here and an error in refuse_unusable
        return pd.Series((n / np.where(zero, np.nan, d)) * ind.multiplier, index=num.index)


_DERIVE: dict[str, Callable[[_Run, Indicator], pd.Series]] = {
    "column": _column,
    "ratio": _ratio,
    "streak": lambda run, ind: _streaks(run.tables, ind, run.opinion_year, run.report),
    "awards": lambda run, ind: _award_counts(run.tables, run.rubric, ind, run.award_years, run.awards),
}


def _opinion_year(tables, rubric: Rubric) -> int | None:
    if rubric.opinion_as_of:
        return rubric.opinion_as_of
    if len(tables.opinions):
        return int(tables.opinions["year"].max())
    return None


def _award_years(tables, rubric: Rubric) -> tuple[int, int] | None:
    end = rubric.award_as_of or (int(tables.awards["year"].max()) if len(tables.awards) else None)
    if end is None:
        return None
    return end - rubric.award_window + 1, end


def _streaks(tables, ind: Indicator, ref_year: int | None, report: IssueReport) -> pd.Series:
    out = pd.Series(np.nan, index=tables.regions.index, dtype=float)
    if ref_year is None:
        return out
    ops = tables.opinions
    # one pass over the rows (a pandas group per region cost more than the streaks themselves)
    by_region: dict = {}
    # (as Python lists: iterating a pandas string column item by item cost more than the loop)
    for code, year, opinion in zip(ops["code"].tolist(), ops["year"].astype(int).tolist(), ops["opinion"].tolist()):
        by_region.setdefault(code, {})[year] = opinion
    names = tables.regions["name"].tolist()
    streaks = np.full(len(tables.regions.index), np.nan)
    for i, code in enumerate(tables.regions.index):
        years = by_region.get(code, {})
        name = names[i]
        if ref_year not in years:
            report.add("opinion-missing-latest", WARNING, file=tables.file, sheet="opini_bpk",
                       params={"region": name, "year": ref_year})
            continue
        n = 0
        y = ref_year
        while y in years and years[y] == ind.opinion:
            n += 1
            y -= 1
        if years.get(ref_year) == ind.opinion and y not in years and any(k < y for k in years):
            report.add("streak-gap", NOTE, file=tables.file, sheet="opini_bpk",
                       params={"region": name, "year": y, "streak": n})
        streaks[i] = float(n)
    return pd.Series(streaks, index=tables.regions.index, dtype=float)


def _award_counts(tables, rubric: Rubric, ind: Indicator, years: tuple[int, int] | None,
                  cache: dict[str, Any] | None = None) -> pd.Series:
    aw = tables.awards
    if not len(aw):  # no award listed for anyone: not collected, not "none"
        return pd.Series(np.nan, index=tables.regions.index)
    out = pd.Series(0.0, index=tables.regions.index)
    if years is None:
        return out
    start, end = years
    if ind.award_window:
        start = end - ind.award_window + 1
    arrays = _award_arrays(tables, cache if cache is not None else {})
    if arrays is not None:  # whole counts (the sheet's jumlah): a sum per region in one bincount
        category, year, count, pos, categories = arrays
        k = categories.get(ind.award_category)
        if k is None:
            return out
        sel = (category == k) & (year >= start) & (year <= end) & (pos >= 0)
        sums = np.bincount(pos[sel], weights=count[sel], minlength=len(out)).astype(float)  # (int when empty)
        return pd.Series(sums, index=out.index)
    sel = aw[(aw["category"] == ind.award_category) & (aw["year"] >= start) & (aw["year"] <= end)]
    counts = sel.groupby("code")["count"].sum()
    out.loc[counts.index.intersection(out.index)] = counts
    return out


def _award_arrays(tables, cache: dict[str, Any]) -> Any:
    """The award sheet as arrays for :func:`_award_counts`: category codes, years, counts and the
    row of each award's region in ``tables.regions`` (-1: not a region of the table); None when a
    count is not a whole finite number (a sum in another order could then differ in its last bit:
    the grouped sum is used instead)."""
    if "arrays" not in cache:
        aw = tables.awards
        count = pd.to_numeric(aw["count"], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(count).all() or (count != np.floor(count)).any() or np.abs(count).max() >= 2**53:
            cache["arrays"] = None
        else:
            codes, uniques = pd.factorize(aw["category"], use_na_sentinel=True)
            year = pd.to_numeric(aw["year"], errors="coerce").to_numpy(dtype=float)
            index = tables.regions.index
            pos = index.get_indexer(aw["code"]) if index.is_unique else None
            cache["arrays"] = None if pos is None else (
                codes, year, count, pos, {u: k for k, u in enumerate(uniques) if isinstance(u, str)})
    return cache["arrays"]


def filled_inputs(values: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    """True where a region has a *filled* input for an indicator: a value that is not blank and is
    not an award count of 0 read from the absence of award rows. A dimension (or sub-dimension)
    without any filled input gets no score (issue 13), so a region whose only "data" in Smart
    Society is "no award row" is not graded at 0 there."""
    filled = values.notna()
    for ind in rubric.indicators:
        if kind_of(ind).absent_zero and ind.id in filled.columns:
            filled[ind.id] = filled[ind.id] & (values[ind.id] != 0)
    return filled


def filled_rows(values: np.ndarray, rubric: Rubric, columns: list) -> np.ndarray:
    """:func:`filled_inputs` on plain values laid out indicators x regions (``columns``: the
    indicator id of each row)."""
    filled = ~np.isnan(values)
    row = {c: j for j, c in enumerate(columns)}
    for ind in rubric.indicators:
        if kind_of(ind).absent_zero and ind.id in row:
            j = row[ind.id]
            filled[j] &= values[j] != 0
    return filled
