"""Grade bands (lower bounds exclusive for SAKIP/RB, inclusive for SPBE) and WTP streak rules."""

from __future__ import annotations

import math

import pytest

from scorecard.io.registry_file import load_registry
from scorecard.io.rubric_file import load_rubric
from scorecard.io.workbook import read_workbook
from scorecard.pipeline import score
from scorecard.validate import read_tables
from wbtools import tiny_rubric, tiny_workbook


@pytest.fixture(scope="module")
def default_rubric():
    return load_rubric()


@pytest.mark.parametrize("value, code", [
    (100, "AA"), (90.01, "AA"), (90.00, "A"), (80.0, "BB"), (80.000001, "A"), (70, "B"), (60, "CC"),
    (50, "C"), (30.01, "C"), (30, "D"), (0, "D"),
])
def test_sakip_bands_lower_bound_exclusive(default_rubric, value, code):
    assert default_rubric.scales["sakip"].band_of(value).code == code


@pytest.mark.parametrize("value, code", [(5, "Memuaskan"), (4.2, "Memuaskan"), (4.19, "Sangat Baik"),
                                         (3.5, "Sangat Baik"), (2.6, "Baik"), (1.8, "Cukup"), (1.79, "Kurang"),
                                         (1.0, "Kurang")])
def test_spbe_bands_lower_bound_inclusive(default_rubric, value, code):
    assert default_rubric.scales["spbe"].band_of(value).code == code


def test_out_of_scale_has_no_band(default_rubric):
    assert default_rubric.scales["sakip"].band_of(100.5) is None
    assert default_rubric.scales["spbe"].band_of(0.5) is None
    assert default_rubric.scales["sakip"].band_of(math.nan) is None


@pytest.mark.parametrize("text, code", [(" bb ", "BB"), ("aa", "AA"), ("Sangat Baik", "BB"), ("A", "A")])
def test_grade_written_in_odd_case_or_in_full(default_rubric, text, code):
    assert default_rubric.scales["sakip"].find(text).code == code


@pytest.mark.parametrize("text", ["Wajar Tanpa Pengecualian", "wtp", "WTP-DPP", " WTP DPP "])
def test_opinion_aliases(default_rubric, text):
    assert default_rubric.scales["bpk_opinion"].find(text).code == "WTP"


def _streaks(tmp_path, opinions):
    wb = tiny_workbook(tmp_path / "s.xlsx", opinions=opinions)
    rubric = load_rubric(tiny_rubric(tmp_path / "s.yaml"))
    tables, report = read_tables(read_workbook(wb), rubric, load_registry(), current_year=2026)
    assert tables is not None, [i.render("en") for i in report.errors]
    result = score(tables, rubric, notes=report)
    return result.values["wtp"].to_dict(), report


def test_streak_counts_back_from_latest_year(tmp_path):
    values, report = _streaks(tmp_path, [
        ["Kota Madiun", y, "WTP"] for y in range(2014, 2024)] + [
        ["Kota Malang", 2022, "WTP"], ["Kota Malang", 2023, "WTP-DPP"],  # WTP-DPP counts as WTP
        ["Kabupaten Bangka", 2022, "WTP"], ["Kabupaten Bangka", 2023, "Tidak Menyatakan Pendapat"],
    ])
    assert values == {"35.77": 10.0, "35.73": 2.0, "19.01": 0.0}


def test_streak_missing_latest_year_is_blank_not_zero(tmp_path):
    values, report = _streaks(tmp_path, [
        ["Kota Madiun", 2023, "WTP"], ["Kota Malang", 2023, "WTP"],
        ["Kabupaten Bangka", 2021, "WTP"], ["Kabupaten Bangka", 2022, "WTP"],  # no LKPD 2023 row
    ])
    assert values["35.77"] == 1.0 and math.isnan(values["19.01"])
    assert any(i.code == "opinion-missing-latest" and i.params["year"] == 2023 for i in report)


def test_streak_stops_at_a_gap_with_a_note(tmp_path):
    values, report = _streaks(tmp_path, [
        ["Kota Madiun", 2019, "WTP"], ["Kota Madiun", 2020, "WTP"],  # 2021 missing
        ["Kota Madiun", 2022, "WTP"], ["Kota Madiun", 2023, "WTP"],
        ["Kota Malang", 2023, "WTP"], ["Kabupaten Bangka", 2023, "WDP"],
    ])
    assert values["35.77"] == 2.0
    gap = [i for i in report if i.code == "streak-gap"]
    assert len(gap) == 1 and gap[0].params["year"] == 2021 and gap[0].params["streak"] == 2
