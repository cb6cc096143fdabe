"""National reference data (issue 15): shipped figures, percentiles, similar regions by a
hand-checked distance, BPS codes through the crosswalk, user tables with newer years."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from scorecard import resources
from scorecard.context import CLOSE, DEFAULT_K, TYPE, fiscal_capacity, parse_similar, similar
from scorecard.crosswalk import in_papua, normalise_bps, rescue_bps, resolve_bps
from scorecard.io.reference_file import load_crosswalk, load_reference, load_shipped
from scorecard.io.registry_file import load_registry
from scorecard.issues import InputError, IssueReport
from reference_texts import SOURCE_DAPOER
from scorecard.reference import (Layer, Reference, context_of, national_median, percentile_rank,
                                 profile, standing)

DATA = resources.data_dir()


def _csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ------------------------------------------------------------------------------------------------
# shipped data


def test_shipped_files_are_complete_and_attributed():
    for name, rows in (("dapoer_kabkota_2019.csv", 514), ("grdp_kabkota_2000_2017.csv", 514 * 18),
                       ("bps_kemendagri_crosswalk.csv", 514), ("daerah_tertinggal_2020_2024.csv", 62)):
        assert len(_csv(name)) == rows, name
    notice = (DATA / "NOTICE.md").read_text(encoding="utf-8")
    for needle in ("dapoer_kabkota_2019.csv", "CC BY 4.0", "INDO-DAPOER", "grdp_kabkota_2000_2017.csv",
                   "10.5281/zenodo.4428102", "bps_kemendagri_crosswalk.csv", "daerah_tertinggal_2020_2024.csv",
                   "Perpres", SOURCE_DAPOER["id"]):
        assert needle in notice, needle


def test_source_errors_stay_blank():
    rows = {r["kemendagri_code"]: r for r in _csv("dapoer_kabkota_2019.csv")}
    ref = load_shipped()
    for code in ("53.20", "53.21", "65.02"):  # Sabu Raijua, Malaka, Malinau: GRDP broken in the source
        assert rows[code]["grdp_per_capita_idr_million"] == ""
        assert ref.value(code, "pdrb_per_kapita") is None
        fact = context_of(ref, code).fact("pdrb_per_kapita")
        assert fact.value is None and "GRDP" in fact.note and fact.national.percentile is None
    assert ref.layers["pdrb_per_kapita"].coverage == 504  # 514 - 10 blanked in the source file
    for code in ("52.06", "52.72"):  # Bima and Kota Bima: population swapped in the GRDP source
        assert ref.value(code, "pertumbuhan_pdrb_per_kapita") is None


def test_kota_madiun_ipm_2019_equals_the_shipped_file_and_its_percentile_by_hand():
    row = next(r for r in _csv("dapoer_kabkota_2019.csv") if r["kemendagri_code"] == "35.77")
    ref = load_shipped()
    ctx = context_of(ref, "35.77")
    ipm = ctx.fact("ipm")
    assert ipm.value == float(row["hdi"]) == 80.88
    assert ipm.year == 2019 and ipm.source == SOURCE_DAPOER
    all_ipm = [float(r["hdi"]) for r in _csv("dapoer_kabkota_2019.csv")]
    below = sum(v < 80.88 for v in all_ipm)
    equal = sum(v == 80.88 for v in all_ipm)
    assert ipm.national.percentile == pytest.approx(100 * (below + 0.5 * equal) / 514)
    assert ipm.national.rank == sum(v > 80.88 for v in all_ipm) + 1
    assert ipm.national.median == pytest.approx(sorted(all_ipm)[256] / 2 + sorted(all_ipm)[257] / 2)
    jatim = [float(r["hdi"]) for r in _csv("dapoer_kabkota_2019.csv") if r["kemendagri_code"].startswith("35.")]
    assert ipm.province.n == len(jatim) == 38
    assert ipm.province.percentile == pytest.approx(100 * (sum(v < 80.88 for v in jatim) + 0.5) / 38)
    assert national_median(ref, "ipm") == ipm.national.median


def test_density_is_population_over_area_with_its_year():
    reg = {r["kemendagri_code"]: r for r in _csv("regions.csv")}["35.77"]
    ref = load_shipped()
    fact = context_of(ref, "35.77").fact("kepadatan")
    assert fact.value == pytest.approx(float(reg["population"]) / float(reg["area_km2"]))
    assert fact.year == 2024


def test_daerah_tertinggal_flag():
    ref = load_shipped()
    assert int(ref.regions["tertinggal"].sum()) == 62
    assert ref.tertinggal("94.01")  # Nabire (Perpres 63/2020)
    assert not ref.tertinggal("35.77")
    assert profile(ref, "94.01")["tertinggal"] is True


def test_percentile_rank_by_hand():
    s = pd.Series([1.0, 2.0, 2.0, 3.0, float("nan")])
    assert percentile_rank(s, 2.0) == pytest.approx(100 * (1 + 0.5 * 2) / 4)  # 50
    assert percentile_rank(s, 3.0) == pytest.approx(100 * (3 + 0.5) / 4)  # 87.5
    assert percentile_rank(s, 0.5) == 0.0
    st = standing(s, 2.0)
    assert (st.n, st.median, st.rank) == (4, 2.0, 2)


# ------------------------------------------------------------------------------------------------
# similarity: the distance by hand on a four-region case


def _tiny() -> Reference:
    codes = ["01.71", "01.72", "01.01", "01.73"]  # A kota, B kota, C kabupaten, D kota
    regions = pd.DataFrame({"name": ["A", "B", "C", "D"], "type": ["kota", "kota", "kabupaten", "kota"],
                            "province": "P", "province_code": "01", "area_km2": 1.0, "tertinggal": False},
                           index=codes)
    ipm = pd.Series([70.0, 72.0, 74.0, 76.0], index=codes)
    pop = pd.Series([100.0, 1000.0, 10000.0, 100000.0], index=codes)
    return Reference(regions, {"ipm": Layer("ipm", ipm, 2019, SOURCE_DAPOER),
                               "penduduk": Layer("penduduk", pop, 2024, SOURCE_DAPOER)})


def test_similar_distance_by_hand():
    # IPM 70,72,74,76: mean 73, sample sd sqrt(20/3) = 2*sqrt(5/3); z = (-1.5,-0.5,0.5,1.5)/sqrt(5/3).
    # ln population is evenly spaced by ln 10 the same way, so its z are the same numbers.
    # A vs B: gaps 1/sqrt(5/3) on both (squared 0.6), same type (0): sqrt((0.6+0.6+0)/3) = sqrt(0.4)
    # A vs C: gaps 2/sqrt(5/3) (squared 2.4), other type (1):     sqrt((2.4+2.4+1)/3) = sqrt(5.8/3)
    # A vs D: gaps 3/sqrt(5/3) (squared 5.4), same type:           sqrt((5.4+5.4+0)/3) = sqrt(3.6)
    sim = similar(_tiny(), "01.71", k=3)
    assert sim.codes == ["01.72", "01.01", "01.73"]
    assert [p.distance for p in sim.peers] == pytest.approx([math.sqrt(0.4), math.sqrt(5.8 / 3), math.sqrt(3.6)])
    b = sim.peers[0]
    assert {g.feature: g.gap for g in b.gaps} == pytest.approx({"ipm": 0.7745967, "penduduk": 0.7745967, TYPE: 0.0})
    assert [g.feature for g in b.reasons] == [TYPE]  # 0.77 sd is more than CLOSE = 0.5: only the type is "close"
    assert sim.peers[1].largest.feature in ("ipm", "penduduk")
    assert similar(_tiny(), "01.71", k=1).codes == ["01.72"]


def test_similar_skips_regions_with_too_few_features_and_uses_fiscal_capacity():
    ref = _tiny()
    ipm = ref.layers["ipm"].values.copy()
    ipm["01.72"] = float("nan")  # B now has population and type only: 2 < MIN_FEATURES
    ref = ref.with_layer(Layer("ipm", ipm, 2019, SOURCE_DAPOER))
    assert "01.72" not in similar(ref, "01.71").codes
    # fiscal capacity: a third feature, so B is compared again; equal revenue per head for A and B
    fiscal = pd.Series({"01.71": 2e6, "01.72": 2e6, "01.01": 8e6})
    sim = similar(ref, "01.71", fiscal=fiscal)
    assert "kapasitas_fiskal" in sim.features and sim.codes[0] == "01.72"
    assert dict((g.feature, g.gap) for g in sim.peers[0].gaps)["kapasitas_fiskal"] == 0.0


def test_fiscal_capacity_from_the_workbook_columns():
    regions = pd.DataFrame({"penduduk": [1000.0, 2000.0, 500.0, 0.0], "pad": [1e6, 1e6, 5e5, 1e5],
                            "total_pendapatan": [4e6, float("nan"), 1e6, 1e6]}, index=["a", "b", "c", "d"])
    per, col = fiscal_capacity(regions)
    assert col == "total_pendapatan" and per["a"] == 4000.0 and per["c"] == 2000.0
    assert pd.isna(per["b"]) and pd.isna(per["d"])  # no revenue figure; no population
    per, col = fiscal_capacity(regions.drop(columns=["total_pendapatan"]))
    assert col == "pad" and per["b"] == 500.0
    assert fiscal_capacity(regions.drop(columns=["total_pendapatan", "pad"])) is None


def test_parse_similar():
    assert parse_similar("similar") == DEFAULT_K == 12
    assert parse_similar("similar:5") == 5
    assert parse_similar("type") is None
    with pytest.raises(ValueError):
        parse_similar("similar:0")


def test_similar_on_the_real_data_kota_madiun():
    ref = load_shipped()
    sim = similar(ref, "35.77")
    assert len(sim.peers) == 12 and sim.candidates == 513
    assert all(ref.kind(c) == "kota" for c in sim.codes)  # a small dense city: its peers are kota
    assert sim.peers[0].distance <= sim.peers[-1].distance
    assert all(any(g.feature != TYPE for g in p.reasons) for p in sim.peers)
    assert CLOSE == 0.5


# ------------------------------------------------------------------------------------------------
# BPS codes


def test_crosswalk_knows_both_bps_codings_and_papua_prefixes():
    cw = load_crosswalk()
    assert cw.translate("9401") == "93.01"  # Merauke, 34-province BPS coding
    assert cw.translate("9501") == "93.01"  # Merauke, current BPS coding
    assert cw.translate("9404") == "94.01"  # Nabire, 34-province BPS coding
    assert cw.translate("9604") == "94.01"  # Nabire, current BPS coding
    assert cw.translate("1101") == "11.09"  # BPS 1101 is Simeulue, Kemendagri 11.01 is Aceh Selatan
    assert cw.translate(3577) == "35.77" and cw.translate("0000") is None
    assert normalise_bps(9401.0) == "9401" and normalise_bps("x") is None
    assert in_papua("9401") and in_papua("94.01") and not in_papua("35.77")


def test_papua_bps_codes_matched_through_the_crosswalk_merauke_and_nabire():
    reg, cw = load_registry(), load_crosswalk()
    assert resolve_bps(reg, cw, "Merauke", "9401").code == "93.01"
    assert resolve_bps(reg, cw, "Kabupaten Nabire", "9404").code == "94.01"
    assert resolve_bps(reg, cw, "Nabire", "9604").code == "94.01"
    # code alone in Papua: refused, naming what it would mean
    res = resolve_bps(reg, cw, None, "9401")
    assert res.code is None and res.problem == "bps-code-needs-name" and "Merauke" in res.candidates[0]
    # a code and a name that disagree
    res = resolve_bps(reg, cw, "Nabire", "9401")
    assert res.problem == "bps-code-name-mismatch" and "Merauke" in res.candidates[0]
    # outside Papua the code alone is enough
    assert resolve_bps(reg, cw, None, "1101").code == "11.09"
    # a BPS code typed in the Kemendagri column: Kemendagri 94.01 is Nabire, not Merauke ...
    assert reg.resolve("Merauke", "9401").problem == "code-name-mismatch"
    # ... but read as a BPS code it is Merauke, which the name confirms
    assert rescue_bps(reg, cw, "Merauke", "9401").code == "93.01"
    assert rescue_bps(reg, cw, "Jayawijaya", "9401") is None


# ------------------------------------------------------------------------------------------------
# user tables with a newer year


def _write(path: Path, rows: list[list[object]]) -> str:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return str(path)


def test_user_table_replaces_a_measure_with_its_year_and_source(tmp_path):
    path = _write(tmp_path / "ipm2024.csv", [
        ["wilayah", "kode_bps", "tahun", "sumber", "ipm"],
        ["Kota Madiun", "3577", 2024, "BPS, IPM menurut kabupaten/kota 2024", "84,11"],
        ["Merauke", "9501", 2024, "BPS, IPM menurut kabupaten/kota 2024", "72.0"],
        ["Kabupaten Nabire", "9404", 2024, "BPS, IPM menurut kabupaten/kota 2024", "71,5"],
    ])
    ref = load_reference([path])
    assert ref.value("35.77", "ipm") == 84.11
    assert ref.value("93.01", "ipm") == 72.0 and ref.value("94.01", "ipm") == 71.5
    assert ref.value("95.01", "ipm") is None  # Jayawijaya: not in the table, not filled from 2019
    fact = context_of(ref, "35.77").fact("ipm")
    assert fact.year == 2024 and "BPS, IPM menurut kabupaten/kota 2024" in fact.source["id"]
    assert "ipm2024.csv" in fact.source["id"] and fact.user_file == path
    assert fact.national.n == 3 and not fact.scope_is_national  # a partial table: "median of the table"
    assert ref.value("35.77", "kemiskinan") == 4.35  # other measures stay as shipped
    assert load_shipped().value("35.77", "ipm") == 80.88  # the shipped data are never modified


def test_user_population_recomputes_density(tmp_path):
    path = _write(tmp_path / "pop.csv", [["kode", "wilayah", "tahun", "sumber", "penduduk"],
                                         ["35.77", "Kota Madiun", 2025, "BPS proyeksi", 210000]])
    ref = load_reference([path])
    area = float(load_shipped().regions.at["35.77", "area_km2"])
    assert ref.value("35.77", "kepadatan") == pytest.approx(210000 / area)
    assert ref.layers["kepadatan"].year == 2025


def test_user_table_every_problem_located(tmp_path):
    path = _write(tmp_path / "bad.csv", [
        ["wilayah", "kode_bps", "tahun", "sumber", "ipm", "catatan_lain"],
        ["Kota Madiun", "3577", 2024, "BPS", "84,1", "x"],
        ["Kota Atlantis", "", 2024, "BPS", "70", ""],
        ["", "9401", 2024, "BPS", "70", ""],  # Papua code without a name
        ["Nabire", "9401", 2024, "BPS", "70", ""],  # 9401 is Merauke
        ["Kota Malang", "", 2023, "", "170", ""],
        ["Madiun", "3577", 2024, "BPS", "80", ""],  # Kota Madiun again
    ])
    with pytest.raises(InputError) as exc:
        load_reference([path])
    got = {(i.row, i.column_letter, i.code) for i in exc.value.report.errors}
    assert (3, "A", "region-not-found") in got
    assert (4, "B", "bps-code-needs-name") in got
    assert (5, "B", "bps-code-name-mismatch") in got
    assert (6, "D", "reference-source-missing") in got
    assert (6, "E", "reference-out-of-range") in got
    assert (7, "A", "duplicate-region") in got or (7, "B", "bps-code-name-mismatch") in got
    codes = [i.code for i in exc.value.report.errors]
    assert "reference-mixed-years" in codes
    notes = [i.code for i in exc.value.report.notes]
    assert "reference-column-ignored" in notes
    for issue in exc.value.report:
        issue.render("id"), issue.render("en")  # every message exists in both languages


def test_user_table_needs_year_source_and_a_measure(tmp_path):
    path = _write(tmp_path / "x.csv", [["wilayah", "ipm"], ["Kota Madiun", 80]])
    report = IssueReport()
    from scorecard.io.reference_file import read_user_table

    assert read_user_table(path, report) == []
    assert [i.code for i in report.errors] == ["reference-columns-missing"]
    assert "tahun" in report.errors[0].message("id") and "sumber" in report.errors[0].message("id")


def test_reference_from_environment_variable(tmp_path, monkeypatch):
    path = _write(tmp_path / "k.csv", [["wilayah", "tahun", "sumber", "kemiskinan"],
                                       ["Kota Madiun", 2024, "BPS Maret 2024", "4,1"]])
    monkeypatch.setenv("SCORECARD_REFERENCE", path)
    assert load_reference().value("35.77", "kemiskinan") == 4.1
    assert load_reference([]).layers["kemiskinan"].year == 2024
