"""Several years: per-year scores, change since the previous year, most improved per dimension."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from test_methodology_fixtures import REF_VALUES, REGIONS, load, ref_rubric, write_csv

CODES = [c for c, _ in REGIONS[:4]]


def _two_years(tmp_path):
    # 2022 equals 2023 except Kota Blitar's a: 10 instead of 20 (so a's min and max stay 10 and 50)
    rows = []
    for year in (2022, 2023):
        for k, ((code, name), vals) in enumerate(zip(REGIONS, REF_VALUES)):
            vals = list(vals)
            if year == 2022 and code == "35.72":
                vals[0] = 10
            rows.append((code, name, year, *vals))
    return write_csv(tmp_path, ["tahun", "a", "b", "c", "d"], rows)


def test_dimension_trends_by_hand(tmp_path):
    from scorecard.trends import dimension_trends, latest_changes, most_improved

    rub, tables = load(_two_years(tmp_path), ref_rubric(tmp_path))
    assert tables.year == 2023
    t = dimension_trends(tables, rub)
    assert sorted(t["year"].unique()) == [2022, 2023]
    row = t[(t.code == "35.72") & (t.dimension == "dim1") & (t.year == 2023)].iloc[0]
    # 2022: a = 0 and b = 0 -> dim1 = 0 (rank 4); 2023: a = 25 -> dim1 = 50/3 (rank 3)
    assert row.previous_year == 2022 and row.previous_score == pytest.approx(0.0)
    assert row.change == pytest.approx(50 / 3) and row.rank_change == 1
    changes = latest_changes(t)
    assert changes.at["35.72", "overall"] == pytest.approx(50 / 9)  # dim1 weighs 1 of 3
    assert changes.loc[["35.71", "35.73", "35.74"], "dim1"].tolist() == pytest.approx([0, 0, 0])
    assert changes.loc[CODES, "dim2"].tolist() == pytest.approx([0, 0, 0, 0])
    # the 2022 rows have no previous year
    assert t[t.year == 2022]["change"].isna().all()
    best = most_improved(t)
    assert best[["dimension", "code"]].values.tolist() == [["dim1", "35.72"], ["overall", "35.72"]]
    assert best.set_index("dimension").at["dim1", "change"] == pytest.approx(50 / 3)


def test_single_year_gives_empty_trends(tmp_path):
    from scorecard.trends import dimension_trends, most_improved
    from test_methodology_fixtures import ref_csv

    rub, tables = load(ref_csv(tmp_path), ref_rubric(tmp_path))
    t = dimension_trends(tables, rub)
    assert t.empty and most_improved(t).empty


def test_score_json_carries_changes(tmp_path):
    from scorecard.cli import cli

    csv, rubric = str(_two_years(tmp_path)), str(ref_rubric(tmp_path))
    out = CliRunner().invoke(cli, ["score", csv, "-r", rubric, "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["years"] == [2022, 2023] and data["year"] == 2023
    by = {r["code"]: r for r in data["regions"]}
    assert by["35.72"]["previous_year"] == 2022
    assert by["35.72"]["change"] == pytest.approx(50 / 9, abs=1e-6)
    assert by["35.72"]["dimensions"]["dim1"]["change"] == pytest.approx(50 / 3, abs=1e-6)
    assert by["35.72"]["dimensions"]["dim1"]["rank_change"] == 1
    assert by["35.71"]["dimensions"]["dim2"]["change"] == 0
    assert [m["dimension"] for m in data["most_improved"]] == ["dim1", "overall"]
    # scoring the earlier year: no previous year, no change
    out = CliRunner().invoke(cli, ["score", csv, "-r", rubric, "--format", "json", "--year", "2022"],
                             catch_exceptions=False)
    data = json.loads(out.stdout)
    assert data["year"] == 2022 and all(r["change"] is None for r in data["regions"])
    assert data["most_improved"] == []
