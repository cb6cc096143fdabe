"""The fast ``score --format json`` writer (regions assembled from whole-column tokens) writes
exactly the bytes of the plain writer (a dict per region encoded by orjson), and the positional
imputation/treatment of ``pipeline.prepare`` gives exactly the frames of the label-based one.

Both fast paths exist for speed at village scale (issue 17, BENCHMARKS.md); these tests pin them
to the plain code on the shipped samples with every optional field switched on in turn."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scorecard import pipeline
from scorecard import treat as tr
from scorecard.analysis import Analysis, analyse
from scorecard.io import score_output
from scorecard.io.rubric_file import load_rubric
from scorecard.io.units_file import read_units
from scorecard.io.workbook import read_workbook
from scorecard.validate import read_tables

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "indicators" / "contoh_smart_city.xlsx"
VILLAGES = ROOT / "indicators" / "contoh_desa.xlsx"
UNITS = ROOT / "indicators" / "contoh_desa_units.csv"


def _tables(workbook: Path, rubric_ref: str | None = None, units: Path | None = None):
    from scorecard.io.registry_file import load_registry

    rubric = load_rubric(rubric_ref)
    registry = read_units(units) if units else load_registry()
    tables, report = read_tables(read_workbook(str(workbook)), rubric, registry, current_year=2026)
    assert tables is not None, [i.to_dict("en") for i in report.errors[:3]]
    return rubric, tables


def _plain(a: Analysis, lang: str = "en") -> bytes:
    original = score_output._fast_region_blocks
    score_output._fast_region_blocks = lambda _a: None  # type: ignore[assignment]
    try:
        return score_output.score_json_bytes(a, lang)
    finally:
        score_output._fast_region_blocks = original


def _same(a: Analysis) -> bytes:
    assert score_output._fast_region_blocks(a) is not None  # the fast path really runs
    fast = score_output.score_json_bytes(a, "en")
    assert fast == _plain(a)
    return fast


def _rubric_with(rubric, **changes):
    missing = dataclasses.replace(rubric.missing, **changes.pop("missing", {}))
    outliers = dataclasses.replace(rubric.outliers, **changes.pop("outliers", {}))
    return dataclasses.replace(rubric, missing=missing, outliers=outliers, **changes)


@pytest.mark.parametrize("peers", ["all", "province", "type"])
def test_fast_json_equals_plain_json_on_the_sample(peers):
    rubric, tables = _tables(SAMPLE)
    doc = _same(analyse(tables, rubric, peers=peers, trends=False))
    regions = json.loads(doc)["regions"]
    assert len(regions) == len(tables.regions) and all("indicators" in r for r in regions)


@pytest.mark.parametrize("missing, outliers", [
    ({"method": "median"}, {"method": "winsorise", "skew": 0.1, "kurtosis": -10.0}),
    ({"method": "worst"}, {"method": "none"}),
    ({"method": "mean", "min_coverage": 0.9}, {"method": "winsorise", "skew": 0.5, "kurtosis": -1.0,
                                               "log_if_needed": True}),
])
def test_fast_json_with_imputed_winsorised_and_unrated_regions(missing, outliers):
    rubric, tables = _tables(SAMPLE)
    rubric = _rubric_with(rubric, missing=missing, outliers=outliers)
    regions = tables.regions.copy()
    data_cols = [c for c in rubric.columns if c in regions.columns and pd.api.types.is_numeric_dtype(regions[c])]
    regions.iloc[::3, regions.columns.get_indexer(data_cols[:4])] = np.nan  # blanks to impute / re-weight
    tables = dataclasses.replace(tables, regions=regions)
    a = analyse(tables, rubric, peers="province", trends=False)
    doc = json.loads(_same(a))
    flags = [k for r in doc["regions"] for e in r["indicators"].values() for k in e]
    assert "imputed" in flags or missing["method"] == "exclude"
    if outliers["method"] == "winsorise":
        assert "winsorised" in flags or "log" in {t["applied"] for t in doc["methodology"]["treatment"]}


def test_fast_json_when_a_frame_lacks_some_regions():
    rubric, tables = _tables(SAMPLE)
    a = analyse(tables, _rubric_with(rubric, missing={"method": "median"}), trends=False)
    res = a.score
    codes = list(res.regions.index)
    imputed = res.imputed.copy()
    imputed.iloc[:, 0] = True
    res = dataclasses.replace(res, display=res.display.drop(index=codes[:2]), imputed=imputed.drop(index=codes[2:4]),
                              winsorised=res.winsorised.drop(index=codes[4:5]))
    _same(dataclasses.replace(a, score=res))


def test_fast_json_on_the_village_sample_with_subdimension_free_rubric_and_a_unit_list():
    rubric, tables = _tables(VILLAGES, "indeks_desa_contoh", UNITS)
    for peers in ("all", "kecamatan"):
        _same(analyse(tables, rubric, peers=peers, trends=False))


def test_fast_json_with_subdimensions_blanks_and_odd_text(tmp_path):
    from examples import dim, ind, rubric_yaml
    from scorecard import resources

    rubric_file = tmp_path / "sub.yaml"
    rubric_file.write_text(rubric_yaml(
        id="sub", name="Sub", missing={"method": "exclude"},
        columns={c: {"label": c.upper(), "type": "number"} for c in "abcd"},
        dimensions=[dim("dim1", name="D1", weight=1, subdimensions=[
            dim("s1", ind("ia", "a", name="A 100%", weight=2), ind("ib", "b", name="B", weight=1), name="S1"),
            dim("s2", ind("ic", "c", name="C", direction="lower"), name="S2")]),
            dim("dim2", ind("id_", "d", name="D", weight=3), name="D2", weight=2)]), encoding="utf-8")
    reg = pd.read_csv(resources.data_dir() / "regions.csv", dtype={"kemendagri_code": str}).head(60)
    rng = np.random.default_rng(5)
    panel = pd.DataFrame({"kode": reg["kemendagri_code"], "wilayah": reg["name_title"],
                          "a": rng.uniform(10, 90, 60), "b": rng.lognormal(3, 1, 60),
                          "c": rng.uniform(0, 1, 60) * 1e-4, "d": rng.normal(50, 10, 60)})
    panel.loc[::7, "a"] = np.nan
    panel.loc[3, ["a", "b", "c"]] = np.nan  # a sub-dimension without any input
    panel.to_csv(tmp_path / "panel.csv", index=False)
    rubric, tables = _tables(tmp_path / "panel.csv", str(rubric_file))
    a = analyse(tables, rubric, trends=False)
    assert score_output._Lookup(a).subdims.arrays  # sub-dimension scores are written
    doc = json.loads(_same(a))
    assert {"s1", "s2"} <= set(doc["regions"][0]["subdimensions"])


def test_uncertainty_keeps_the_plain_path():
    rubric, tables = _tables(SAMPLE)
    a = analyse(tables, rubric, uncertainty=True, replications=20, seed=3, trends=False)
    assert score_output._fast_region_blocks(a) is None


@pytest.fixture(scope="module")
def several_years(tmp_path_factory):
    """A three-year workbook of the benchmark generator (the national workbook's shape)."""
    import sys

    bench = ROOT / "benchmarks"
    if not (bench / "generate.py").exists():
        pytest.skip("benchmarks/ not in this tree")
    sys.path.insert(0, str(bench))
    try:
        import generate
    finally:
        sys.path.remove(str(bench))
    path = generate.national(tmp_path_factory.mktemp("years") / "years.xlsx", regions=40, years=3, awards=300)
    return _tables(path)


@pytest.mark.parametrize("peers", ["all", "type"])
def test_fast_json_with_the_change_since_the_previous_year(several_years, peers):
    rubric, tables = several_years
    a = analyse(tables, rubric, peers=peers)
    assert a.trends is not None and len(a.trends)
    doc = json.loads(_same(a))
    assert "change" in doc["regions"][0] and "rank_change" in doc["regions"][0]["dimensions"][rubric.dimensions[0].id]


def test_fast_json_when_some_regions_have_no_previous_year(several_years):
    rubric, tables = several_years
    h = tables.history
    years = sorted(h.index.get_level_values("tahun").unique())
    codes = list(tables.regions.index)
    drop = [(c, years[-2]) for c in codes[:5]]
    history = h.drop(index=drop)
    a = analyse(dataclasses.replace(tables, history=history), rubric)
    doc = json.loads(_same(a))
    assert {r["code"] for r in doc["regions"] if r["change"] is None} >= set(codes[:5])
    trends = a.trends
    partial = trends[~((trends["code"] == codes[5]) | ((trends["code"] == codes[6]) &
                                                        (trends["dimension"] != "overall")))]
    doc = json.loads(_same(dataclasses.replace(a, trends=partial)))  # no change at all / only overall
    by_code = {r["code"]: r for r in doc["regions"]}
    assert "change" not in by_code[codes[5]] and "change" in by_code[codes[6]]
    assert all("change" not in d for d in by_code[codes[6]]["dimensions"].values())
    for year in years[:-1]:  # an earlier year shown: its change pairs with the year before (or after) it
        _same(analyse(tables, rubric, year=year))


def _prepare_by_labels(tables, rubric, peers):
    """The label-based imputation/treatment loop that pipeline.prepare replaced (kept verbatim)."""
    from scorecard.derive import derive
    from scorecard.peers import peer_keys

    derived = derive(tables, rubric, None)
    regions = tables.regions.copy()
    regions["peer_group"] = peer_keys(regions, peers, None)
    values = derived.values.loc[regions.index]
    treated = values.copy()
    imputed = pd.DataFrame(False, index=values.index, columns=values.columns)
    winsorised = pd.DataFrame(False, index=values.index, columns=values.columns)
    policy = rubric.outliers
    for _group, members in regions.groupby("peer_group").groups.items():
        for ind in rubric.indicators:
            x = treated.loc[members, ind.id]
            x, filled = tr.impute(x, rubric.missing.method)
            imputed.loc[members, ind.id] = filled.to_numpy()
            method = ind.outliers or policy.method
            if method == "none":
                treated.loc[members, ind.id] = x
                continue
            x, t = tr.treat(x, method, policy.max_points, policy.skew, policy.kurtosis, policy.log_if_needed)
            treated.loc[members, ind.id] = x
            if t.changed:
                winsorised.loc[list(t.changed), ind.id] = True
    return treated, imputed, winsorised


@pytest.mark.parametrize("peers", ["all", "province"])
@pytest.mark.parametrize("missing, outliers", [
    ({"method": "median"}, {"method": "winsorise", "skew": 0.1, "kurtosis": -10.0}),
    ({"method": "mean"}, {"method": "winsorise", "skew": 0.5, "kurtosis": -1.0, "log_if_needed": True}),
    ({"method": "exclude"}, {"method": "none"}),
])
def test_positional_prepare_equals_the_label_based_loop(peers, missing, outliers):
    rubric, tables = _tables(SAMPLE)
    rubric = _rubric_with(rubric, missing=missing, outliers=outliers)
    regions = tables.regions.copy()
    data_cols = [c for c in rubric.columns if c in regions.columns and pd.api.types.is_numeric_dtype(regions[c])]
    regions.iloc[1::4, regions.columns.get_indexer(data_cols[:5])] = np.nan
    tables = dataclasses.replace(tables, regions=regions)
    prep = pipeline.prepare(tables, rubric, peers=peers)
    treated, imputed, winsorised = _prepare_by_labels(tables, rubric, peers)
    pd.testing.assert_frame_equal(prep.treated, treated, check_exact=True)
    pd.testing.assert_frame_equal(prep.imputed, imputed, check_exact=True)
    pd.testing.assert_frame_equal(prep.winsorised, winsorised, check_exact=True)
    assert imputed.to_numpy().any() or missing["method"] == "exclude"


def test_award_counts_by_bincount_equal_the_grouped_sum(several_years):
    from scorecard.derive import _award_counts
    from scorecard.kinds import kind_of

    rubric, tables = several_years
    inds = [i for i in rubric.indicators if kind_of(i).family == "awards"]
    assert inds
    aw = tables.awards
    extra = aw.head(3).assign(code="99.99")  # an award of a region not in the table is ignored
    tables = dataclasses.replace(tables, awards=pd.concat([aw, extra], ignore_index=True))
    end = int(tables.awards["year"].max())
    for ind in inds:
        for years in ((end - 2, end), (end, end), (end - 40, end - 30)):
            fast = _award_counts(tables, rubric, ind, years, {})
            plain = _award_counts(tables, rubric, ind, years, {"arrays": None})
            pd.testing.assert_series_equal(fast, plain, check_exact=True)
    assert _award_counts(tables, rubric, inds[0], (end - 2, end), {}).sum() > 0
