"""The report model: numbers and labels computed by hand on a tiny workbook; helpers."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest
from examples import TINY_BY_HAND, build_example
from wbtools import tiny_rubric, tiny_workbook

from scorecard import i18n
from scorecard.commands.common import load_inputs
from scorecard.pipeline import score
from scorecard.analysis import Analysis
from scorecard.report_model import build_report, heat_bucket, link_parts


# the tiny example worked out by hand (tests/examples.py; 3 regions, complete data)
GOV, ECO, OVERALL = TINY_BY_HAND.governance, TINY_BY_HAND.economy, TINY_BY_HAND.overall


@pytest.fixture(scope="module")
def tiny_result(tmp_path_factory):
    return build_example(tmp_path_factory.mktemp("tiny"), up_to="result")


def test_engine_matches_hand_computation(tiny_result):
    # guards the fixture: the report below is checked against these same hand numbers
    for code, value in OVERALL.items():
        assert tiny_result.overall[code] == pytest.approx(value)


def test_summary_facts_and_headline(tiny_result):
    m = build_report(Analysis(tiny_result, "35.73"), "id")  # Kota Malang
    ranks = sorted(OVERALL, key=OVERALL.get, reverse=True)
    rank = ranks.index("35.73") + 1
    assert m.facts[0].text == f"{rank}/3"
    assert m.facts[1].value == pytest.approx(OVERALL["35.73"])
    assert m.facts[1].text == f"{OVERALL['35.73']:.1f}".replace(".", ",")
    assert m.focus_name == "Kota Malang"
    assert "Kota Malang" in m.title and f"{rank} dari 3" in m.headline
    en = build_report(Analysis(tiny_result, "35.73"), "en")
    assert en.facts[1].text == f"{OVERALL['35.73']:.1f}"
    assert f"ranks {rank} of 3" in en.headline


def test_dimension_table_gaps_to_median_and_best_peer(tiny_result):
    m = build_report(Analysis(tiny_result, "35.73"), "en")
    rows = {r.code: r for r in m.dimension_table.rows}
    gov = rows["tata_kelola"].cells
    others = [GOV["35.77"], GOV["19.01"]]
    median = sum(others) / 2  # median of two values: their mean
    assert gov[2].value == pytest.approx(GOV["35.73"])
    assert gov[5].value == pytest.approx(median)
    assert gov[6].value == pytest.approx(GOV["35.73"] - median)
    assert gov[7].text == f"Kota Madiun ({GOV['35.77']:.1f})"  # the best other region
    assert gov[8].value == pytest.approx(GOV["35.73"] - GOV["35.77"])
    assert gov[2].heat == int(GOV["35.73"] // 10)
    assert gov[1].value == pytest.approx(2 / 3)  # dimension weights 2 and 1


def test_ranking_holds_every_region_best_first_with_focus_highlighted(tiny_result):
    m = build_report(Analysis(tiny_result, "19.01"), "id")
    assert [r.code for r in m.ranking.rows] == sorted(OVERALL, key=OVERALL.get, reverse=True)
    assert [r.highlight for r in m.ranking.rows] == [r.code == "19.01" for r in m.ranking.rows]
    assert m.ranking.sortable and m.ranking.heatmap


def test_fallback_weak_areas_without_recommendation(tiny_result):
    # Kabupaten Bangka is last in both dimensions; both are below the median of the others
    m = build_report(Analysis(tiny_result, "19.01"), "en")
    names = [f.label for f in m.weakest]
    gaps = {"Tata kelola": (GOV["35.77"] + GOV["35.73"]) / 2 - GOV["19.01"],
            "Ekonomi": (ECO["35.77"] + ECO["35.73"]) / 2 - ECO["19.01"]}
    assert names == sorted(gaps, key=gaps.get, reverse=True)
    assert m.trip == () and m.trip_empty == i18n.t("report.trip.unavailable", "en")
    first = m.weak_sections[0]
    assert first.facts[2].value == pytest.approx(gaps[names[0]])


def test_indicator_detail_values_scores_and_sources(tiny_result):
    m = build_report(Analysis(tiny_result, "35.73"), "id")
    rows = {r.code: r.cells for r in m.indicator_detail.rows}
    assert set(rows) == {"sakip", "wtp", "award_gov", "pad_share", "miskin"}
    assert rows["pad_share"][2].value == pytest.approx(45.0)  # 900 / 2000 * 100
    assert rows["pad_share"][3].value == pytest.approx(100.0)
    assert rows["sakip"][2].text.startswith("BB")  # the grade as written, with its number
    # effective weight: dimension share x indicator share
    assert rows["sakip"][5].value == pytest.approx(2 / 3 * 3 / 5)
    # neither the workbook nor the tiny rubric records a source for SAKIP
    assert rows["sakip"][6].text == ""


def test_sources_per_value_then_per_row_then_registry(tmp_path):
    wb = tiny_workbook(tmp_path / "src.xlsx", extra_columns={
        "sumber": ["LKjIP 2024", "LKjIP Malang", None],  # a row's source: Madiun, Malang, Bangka
        "sumber_pad": ["LRA APBD 2024 https://madiunkota.go.id/lra", None, None]})  # one value's source
    rubric, tables, notes = load_inputs(str(wb), str(tiny_rubric(tmp_path / "t.yaml")))
    result = score(tables, rubric, notes=notes)
    rows = {r.code: r.cells for r in build_report(Analysis(result, "35.77"), "id").indicator_detail.rows}
    # PAD share uses pad (own source) and pendapatan (row source): both cited, once each
    assert rows["pad_share"][6].text == "LRA APBD 2024 https://madiunkota.go.id/lra; LKjIP 2024"
    assert ("https://madiunkota.go.id/lra", "https://madiunkota.go.id/lra") in rows["pad_share"][6].parts
    assert rows["sakip"][6].text == "LKjIP 2024"
    malang = {r.code: r.cells for r in build_report(Analysis(result, "35.73"), "id").indicator_detail.rows}
    assert malang["pad_share"][6].text == "LKjIP Malang"


def test_uncertainty_shown_only_when_the_analysis_holds_it(tiny_result):
    from scorecard.uncertainty import rank_uncertainty

    m = build_report(Analysis(tiny_result, "35.73"), "en")
    label = i18n.t("report.fact.rank-interval", "en")
    assert label not in [f.label for f in m.facts]
    unc = rank_uncertainty(tiny_result, replications=20, seed=3)
    # fix the interval to known ranks: the fact must show exactly these
    unc = dataclasses.replace(unc, median=unc.median.assign(overall=2.0), low=unc.low.assign(overall=1.0),
                              high=unc.high.assign(overall=3.0))
    m = build_report(Analysis(tiny_result, "35.73", uncertainty=unc), "en")
    fact = [f for f in m.facts if f.label == label][0]
    assert fact.text == "median 2; 90% between 1 and 3"


@pytest.mark.parametrize("score,bucket", [(0.0, 0), (9.99, 0), (10.0, 1), (55.0, 5), (99.9, 9), (100.0, 9),
                                          (-5.0, 0), (120.0, 9), (None, None)])
def test_heat_bucket(score, bucket):
    assert heat_bucket(score) == bucket


def test_link_parts_only_http_and_https():
    parts = link_parts("LHP BPK https://bpk.go.id/lhp?x=1, lihat juga javascript:alert(1) dan http://a.id.")
    links = [href for _, href in parts if href]
    assert links == ["https://bpk.go.id/lhp?x=1", "http://a.id"]
    assert "".join(text for text, _ in parts) == "LHP BPK https://bpk.go.id/lhp?x=1, lihat juga javascript:alert(1) dan http://a.id."
    assert link_parts("javascript:alert(1)") == ()
    assert link_parts("data:text/html,<script>") == ()


def test_unknown_focus_is_a_key_error(tiny_result):
    with pytest.raises(KeyError):
        build_report(Analysis(tiny_result, "99.99"), "id")


def test_every_catalogue_key_the_model_uses_exists_in_both_languages(tiny_result):
    # building in both languages touches every static key; a missing key raises KeyError
    for lang in ("id", "en"):
        m = build_report(Analysis(tiny_result, "35.77"), lang)
        assert not any(math.isnan(v) for v in [m.facts[1].value] if isinstance(v, float))
        assert m.labels["summary"] == i18n.t("report.label.summary", lang)


def test_region_without_score_or_rank_still_gets_a_page(tiny_result):
    # e.g. a region below the rubric's minimum coverage: no overall score, no rank
    import numpy as np

    from scorecard.io.excel_report import render_xlsx
    from scorecard.io.html_report import render_html

    overall = tiny_result.overall.copy()
    overall["19.01"] = np.nan
    ranks = tiny_result.ranks.copy()
    ranks.loc["19.01", :] = np.nan
    dims = tiny_result.dimension_scores.copy()
    dims.loc["19.01", :] = np.nan
    res = dataclasses.replace(tiny_result, overall=overall, ranks=ranks, dimension_scores=dims)
    m = build_report(Analysis(res, "19.01"), "en")
    assert m.facts[0].text == "–" and m.facts[1].text == "–"
    assert "ranks – of 3" in m.headline
    assert m.weakest == ()  # nothing to compare
    assert "Kabupaten Bangka" not in m.charts[1].labels  # no bar without a score
    assert [r.cells[0].text for r in m.ranking.rows if r.code == "19.01"] == ["–"]
    assert render_html(m).startswith("<!DOCTYPE html>")
    assert render_xlsx(m)[:2] == b"PK"


def test_rank_interval_from_the_real_uncertainty_analysis(tiny_result):
    from scorecard.uncertainty import rank_uncertainty

    unc = rank_uncertainty(tiny_result, replications=50, seed=1)
    m = build_report(Analysis(tiny_result, "35.73", uncertainty=unc), "en")
    fact = [f for f in m.facts if f.label == i18n.t("report.fact.rank-interval", "en")][0]
    med, lo, hi = (int(unc.median.at["35.73", "overall"]), int(unc.low.at["35.73", "overall"]),
                   int(unc.high.at["35.73", "overall"]))
    assert fact.text == f"median {med}; 90% between {lo} and {hi}"
    assert 1 <= lo <= med <= hi <= 3
