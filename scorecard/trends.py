"""Several years: scores per year, change since the previous year, most improved per dimension.

When the regions sheet has a ``tahun`` column, :attr:`Tables.history` holds every year. Each year
is scored on its own, exactly as ``scorecard score --year YEAR`` would (same rubric, same peer
groups; WTP streaks and award counts as of that year when the opinion/award sheets reach back that
far). Context columns a past row leaves blank (type, province, population) are taken from the
region's row of the scored year; a blank data cell stays blank (:func:`tables_for_year`).

Scores are relative to the peer group *of that year* (min-max, rank, …), so a change of +5 means
"moved up against the peers by 5 points on the 0-100 scale", not "improved by 5 % in absolute
terms"; use goalposts normalisation in the rubric when absolute progress matters.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from typing import TYPE_CHECKING, Any

from scorecard.issues import IssueReport
from scorecard.rubric import Rubric

if TYPE_CHECKING:
    from scorecard.results import ScoreResult
    from scorecard.validate import Tables

COLUMNS = ["code", "name", "peer_group", "year", "dimension", "score", "rank", "previous_year", "previous_score",
           "change", "rank_change"]


def years(tables) -> list[int]:
    h = tables.history
    if h is None or h.empty or "tahun" not in (h.index.names or []):
        return []
    return sorted(int(y) for y in h.index.get_level_values("tahun").unique())


def tables_for_year(tables: Tables, year: int, rubric: Rubric) -> Tables:
    """A copy of ``tables`` holding only ``year`` of the regions sheet: the one past-year rebuild
    (trends, the recommendation's improvement criterion, ``analyse(year=…)``).

    The past row's values are used as read. A blank *context* cell (name, type, province,
    population, area, coordinates: anything that is not one of the rubric's data columns, plus
    the registry's context columns) is taken from the region's row of the scored year. A blank
    *data* cell stays blank: that year's figure is missing, and the rubric's missing-data rule
    applies to it (it is never guessed from another year)."""
    from scorecard.validate import REGISTRY_CONTEXT

    h = tables.history.xs(year, level="tahun")
    h = h.copy()
    h.index.name = "code"
    grade_cols = [c for c in h.columns if str(c).startswith("grade:")]
    grades = h[grade_cols].rename(columns=lambda c: c[6:])
    regions = h.drop(columns=[c for c in h.columns if str(c).startswith(("grade:", "sumber"))])
    ref = tables.regions
    data = {c for c in rubric.columns if c not in REGISTRY_CONTEXT}
    blank = regions.isna().any()  # (one pass; a filled column never makes another one blank)
    todo = [c for c in ref.columns if c not in regions.columns or (c not in data and bool(blank[c]))]
    aligned = ref.reindex(regions.index) if todo else ref  # the reference rows in this year's order, once
    absent = [c for c in todo if c not in regions.columns]
    for col in todo:
        if col in regions.columns:
            regions[col] = regions[col].where(regions[col].notna(), aligned[col])
    if absent:  # appended in the reference's order, at once
        regions = pd.concat([regions, aligned[absent]], axis=1)
    regions["tahun"] = year
    return dataclasses.replace(tables, regions=regions, grades=grades, year=year)


def rubric_for_year(tables: Tables, rubric: Rubric, year: int) -> Rubric:
    """The rubric as of ``year``: WTP streaks and award counts as of that year (when the opinion
    and award sheets reach back that far and the rubric does not fix the year itself)."""
    changes: dict[str, Any] = {}
    for key, frame in (("opinion_as_of", tables.opinions), ("award_as_of", tables.awards)):
        if getattr(rubric, key) is None and len(frame):
            ys = frame["year"].to_numpy()
            ys = ys[ys <= year] if ys.dtype.kind in "iuf" else frame["year"][frame["year"] <= year]
            if len(ys):
                changes[key] = int(ys.max())
    return dataclasses.replace(rubric, **changes) if changes else rubric


def past_year(tables: Tables, rubric: Rubric, year: int) -> tuple[Tables, Rubric]:
    """Tables and rubric for scoring ``year`` of a several-year workbook, exactly as
    ``scorecard score --year YEAR`` would."""
    t = tables_for_year(tables, year, rubric)
    return t, rubric_for_year(t, rubric, year)


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """The same rows in the same order and the same columns (in any order), each with the same
    dtype and the very same values: floats bit for bit (-0.0 is not 0.0), other cells of the same
    type and equal, a blank only where the other has the same kind of blank (None is not NaN)."""
    if not a.index.equals(b.index) or a.index.dtype != b.index.dtype or set(a.columns) != set(b.columns):
        return False
    if len(a.columns) != len(set(a.columns)) or not _same_values(a.index.to_numpy(), b.index.to_numpy()):
        return False
    return all(a[c].dtype == b[c].dtype and _same_values(a[c].to_numpy(), b[c].to_numpy()) for c in a.columns)


def _same_values(x: np.ndarray, y: np.ndarray) -> bool:
    if x.shape != y.shape or x.dtype != y.dtype:
        return False
    if x.dtype != object:
        return np.ascontiguousarray(x).tobytes() == np.ascontiguousarray(y).tobytes()
    for u, v in zip(x.tolist(), y.tolist()):
        if type(u) is not type(v) or not (u == v or (u != u and v != v)):
            return False
    return True


def score_again(known: ScoreResult, tables: Tables, rubric: Rubric, year: int, peers: str
                ) -> tuple[Tables, Rubric] | None:
    """The tables and rubric to score ``year`` with (:func:`past_year`), or None when ``known``
    (the run of the year shown) is exactly what scoring them would give: the same tables and
    rubric behind it, the same regions in the same order, the same values and grades, the same
    reference years for WTP streaks and awards, every region scored (no focus group, or a focus
    group of every region), the same peer mode.

    The year shown was scored a second time for the change since the previous year (one of the
    three scoring runs of a several-year ``score``). Scoring is a pure function of these inputs;
    the history's rows are sorted by code, so a sheet in another order (float sums in another
    order can differ in the last bit) is scored again, as before."""
    from scorecard.derive import _award_years, _opinion_year

    t, r = past_year(tables, rubric, year)
    every_region = known.focus is None or known.regions.index.equals(tables.regions.index)  # a focus group of all
    if (not every_region or known.peers != peers or known.year != year or tables.year != year
            or known.tables is not tables or known.rubric is not rubric):
        return t, r
    if _opinion_year(t, r) != known.opinion_year or _award_years(t, r) != known.award_years:
        return t, r
    if not (_same_frame(t.regions, tables.regions) and _same_frame(t.grades, tables.grades)):
        return t, r
    return None


def dimension_trends(tables, rubric: Rubric, peers: str = "all", *, only: list[int] | None = None,
                     groups: pd.Series | None = None, known: ScoreResult | None = None) -> pd.DataFrame:
    """Per-year scores and ranks of every region in every dimension and ``overall``, with the
    change since the region's previous year in the workbook (long format, columns ``COLUMNS``).

    ``change`` = score - previous score; ``rank_change`` = previous rank - rank (positive = moved
    up). Empty when the workbook has fewer than two years. ``only`` restricts the years scored
    (e.g. the year shown and the one before it, when only the latest change is needed).
    ``known``: the result of ``score(tables, rubric, peers=peers, groups=groups)`` (the year
    ``tables`` holds), used instead of scoring that year again when :func:`score_again` finds the
    inputs identical.
    """
    from scorecard.pipeline import score

    ys = years(tables)
    if only is not None:
        ys = [y for y in ys if y in set(only)]
    if len(ys) < 2:
        return pd.DataFrame(columns=COLUMNS)
    frames = []
    for y in ys:
        again = score_again(known, tables, rubric, y, peers) if known is not None else past_year(tables, rubric, y)
        if again is None:
            assert known is not None
            res = known
        else:
            t, r = again
            res = score(t, r, peers=peers, notes=IssueReport(), groups=groups)
        # one frame per year: every dimension's block of regions one after the other
        dims = ["overall", *(d.id for d in rubric.dimensions)]
        k, n = len(dims), len(res.regions)
        scores = [res.overall if dim == "overall" else res.dimension_scores[dim] for dim in dims]
        frames.append(pd.DataFrame({
            "code": np.tile(res.regions.index.to_numpy(), k), "name": np.tile(res.regions["name"].to_numpy(), k),
            "peer_group": np.tile(res.regions["peer_group"].to_numpy(), k), "year": y,
            "dimension": np.repeat(np.array(dims, dtype=object), n),
            "score": np.concatenate([s.to_numpy(dtype=float) for s in scores]) if k else np.empty(0),
            "rank": np.concatenate([res.ranks[dim].to_numpy(dtype=float) for dim in dims]) if k else np.empty(0)}))
    long = pd.concat(frames, ignore_index=True)
    # sorted by code, dimension, year (one row per region, dimension and year: no ties), then the
    # previous row of the same region and dimension is its previous year (a groupby shift)
    code, _ = pd.factorize(long["code"], sort=True)
    dim, _ = pd.factorize(long["dimension"], sort=True)
    year = long["year"].to_numpy()
    order = np.lexsort((year, dim, code))
    long = long.take(order).reset_index(drop=True)
    code, dim = code[order], dim[order]
    same = np.zeros(len(long), dtype=bool)
    same[1:] = (code[1:] == code[:-1]) & (dim[1:] == dim[:-1])

    def previous(column: str) -> np.ndarray:
        v = long[column].to_numpy(dtype=float)
        out = np.full(len(v), np.nan)
        out[1:] = np.where(same[1:], v[:-1], np.nan)
        return out

    long["previous_year"] = previous("year")
    long["previous_score"] = prev_score = previous("score")
    long["change"] = long["score"].to_numpy(dtype=float) - prev_score
    long["rank_change"] = previous("rank") - long["rank"].to_numpy(dtype=float)
    return long[COLUMNS]


def change_trends(tables, rubric: Rubric, peers: str, shown: int | None,
                  groups: pd.Series | None = None, known: ScoreResult | None = None) -> pd.DataFrame | None:
    """Trends limited to what "change since the previous year" needs: the year shown (default the
    latest) and the year before it in the workbook; None with a single year. The earliest year
    is paired with the next one so the output keeps the same fields (its change is null).
    ``known``: the run of the year shown (see :func:`dimension_trends`)."""
    ys = years(tables)
    if len(ys) < 2:
        return None
    shown = shown if shown is not None else ys[-1]
    before = [y for y in ys if y < shown]
    pair = [before[-1], shown] if before else [shown, next(y for y in ys if y > shown)]
    return dimension_trends(tables, rubric, peers, only=pair, groups=groups, known=known)


def latest_changes(trends: pd.DataFrame) -> pd.DataFrame:
    """Region x dimension table of the change in the latest year (NaN when not available)."""
    if trends.empty:
        return pd.DataFrame()
    last = trends[trends["year"] == trends["year"].max()]
    return last.pivot(index="code", columns="dimension", values="change")


def most_improved(trends: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Per peer group and dimension, the region whose score rose most in ``year`` (default: latest).

    Columns: peer_group, dimension, code, name, change, rank_change. Ties go to the lower code.
    """
    cols = ["peer_group", "dimension", "code", "name", "change", "rank_change"]
    if trends.empty:
        return pd.DataFrame(columns=cols)
    year = int(trends["year"].max()) if year is None else year
    t = trends[(trends["year"] == year) & (trends["change"] > 0)]  # no rise, no "most improved"
    if t.empty:
        return pd.DataFrame(columns=cols)
    t = t.sort_values(["peer_group", "dimension", "change", "code"], ascending=[True, True, False, True])
    best = t.groupby(["peer_group", "dimension"], sort=False).head(1)
    best = best[np.isfinite(best["change"])]
    return best[cols].reset_index(drop=True)
