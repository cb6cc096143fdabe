"""The scoring fast paths give exactly what the plain paths give (issue 17, scoring).

* Trends: the year shown is scored once; the change since the previous year reuses that run
  (``trends.score_again``) only when scoring it again could not give anything else.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from test_methodology_fixtures import REF_VALUES, REGIONS, load, ref_rubric, write_csv


def _years(tmp_path, *, order=None):
    rows = []
    for year in (2022, 2023):
        for (code, name), vals in zip(REGIONS, REF_VALUES):
            vals = list(vals)
            if year == 2022:
                vals[0] = vals[0] + 7 if code != "35.72" else 10
            rows.append((code, name, year, *vals))
    if order is not None:
        rows = order(rows)
    return write_csv(tmp_path, ["tahun", "a", "b", "c", "d"], rows)


def _counting(monkeypatch):
    from scorecard import pipeline

    calls = []
    plain = pipeline.score

    def counted(*args, **kwargs):
        calls.append(args[0].year)
        return plain(*args, **kwargs)

    monkeypatch.setattr(pipeline, "score", counted)
    return calls


def _both(tables, rub, peers, monkeypatch):
    from scorecard import trends
    from scorecard.pipeline import score

    known = score(tables, rub, peers=peers)
    calls = _counting(monkeypatch)
    fast = trends.change_trends(tables, rub, peers, known.year, known=known)
    fast_calls = list(calls)
    plain = trends.change_trends(tables, rub, peers, known.year)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    return known, fast_calls


def test_trends_reuse_the_year_shown(tmp_path, monkeypatch):
    from scorecard import trends

    rub, tables = load(_years(tmp_path), ref_rubric(tmp_path))
    for peers in ("all", "type"):
        known, calls = _both(tables, rub, peers, monkeypatch)
        assert trends.score_again(known, tables, rub, 2023, peers) is None
        assert calls == [2022]  # only the previous year is scored again


def test_trends_rows_in_another_order_are_scored_again(tmp_path, monkeypatch):
    from scorecard import trends

    # the sheet lists 2023 first and the regions backwards: the history is sorted by code, so the
    # rebuilt year is not the same frame (float sums in another order) and is scored again
    rub, tables = load(_years(tmp_path, order=lambda rows: rows[::-1]), ref_rubric(tmp_path))
    known, calls = _both(tables, rub, "all", monkeypatch)
    assert trends.score_again(known, tables, rub, 2023, "all") is not None
    assert calls == [2022, 2023]


def test_no_reuse_for_a_focus_group_or_other_inputs(tmp_path):
    from scorecard import trends
    from scorecard.pipeline import score

    rub, tables = load(_years(tmp_path), ref_rubric(tmp_path))
    assert trends.score_again(score(tables, rub, focus="35.72"), tables, rub, 2023, "all") is not None
    known = score(tables, rub)
    assert trends.score_again(known, tables, rub, 2023, "type") is not None  # another peer mode
    assert trends.score_again(known, tables, rub, 2022, "all") is not None  # another year
    changed = tables.regions.copy()
    changed.loc["35.71", "a"] = 11.0
    other = dataclasses.replace(tables, regions=changed)
    assert trends.score_again(score(other, rub), other, rub, 2023, "all") is not None
    # an opinion sheet reaching beyond the year shown: the run used the later year for streaks,
    # the rebuilt year would use 2023
    ops = pd.DataFrame({"code": ["35.71", "35.71"], "year": [2023, 2024], "opinion": ["WTP", "WTP"]})
    with_ops = dataclasses.replace(tables, opinions=ops)
    assert trends.score_again(score(with_ops, rub), with_ops, rub, 2023, "all") is not None
    ops = ops[ops["year"] <= 2023]
    with_ops = dataclasses.replace(tables, opinions=ops)
    assert trends.score_again(score(with_ops, rub), with_ops, rub, 2023, "all") is None
