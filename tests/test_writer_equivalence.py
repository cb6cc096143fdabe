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


def test_uncertainty_and_trends_keep_the_plain_path():
    rubric, tables = _tables(SAMPLE)
    a = analyse(tables, rubric, uncertainty=True, replications=20, seed=3, trends=False)
    assert score_output._fast_region_blocks(a) is None


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
