"""Cells as Indonesian planners type them: numbers, grades, opinions, years — or a precise error."""

from __future__ import annotations

import datetime as dt

import pytest

from scorecard import parse
from scorecard.io.rubric_file import load_rubric


@pytest.fixture(scope="module")
def scales():
    return load_rubric(None).scales


@pytest.mark.parametrize("text, expected", [
    ("1.234.567,89", 1234567.89),  # Indonesian separators
    ("1.234", 1234.0),  # a dot before exactly three digits is a thousands separator
    ("45,6", 45.6),  # decimal comma
    ("0,5", 0.5),
    ("2.75", 2.75),  # a dot before two digits cannot be a thousands separator
    ("0.123", 0.123),  # 0.123 cannot be a thousands group (leading zero)
    ("1,234,567.89", 1234567.89),  # English separators, unambiguous with both marks
    ("1 234 567", 1234567.0),
    ("\u00a01.500\u00a0", 1500.0),  # non-breaking spaces from copy-paste
    ("Rp 1.500.000", 1500000.0),
    ("Rp. 1.000.000,00", 1000000.0),
    ("IDR 5", 5.0),
    ("Rp 2,5 M", 2_500_000_000.0),  # M = miliar
    ("2,5 milyar", 2_500_000_000.0),
    ("2 Miliar", 2_000_000_000.0),
    ("Rp2,5M", 2_500_000_000.0),
    ("3 T", 3_000_000_000_000.0),  # T = triliun
    ("1,2 triliun", 1_200_000_000_000.0),
    ("2,5 jt", 2_500_000.0),
    ("750 ribu", 750_000.0),
    ("-3,5", -3.5),
    (1234567.89, 1234567.89),  # a real number cell is taken as it is
    (42, 42.0),
])
def test_numbers(text, expected):
    p = parse.parse_number(text)
    assert p.ok and p.value == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("text, expected", [("45,6%", 45.6), ("45,6 %", 45.6), ("100%", 100.0), ("12.5%", 12.5),
                                            ("45,6 persen", 45.6)])
def test_percent_sign_only_in_percent_columns(text, expected):
    assert parse.parse_number(text, percent=True).value == pytest.approx(expected)
    assert parse.parse_number(text).error == "percent-not-expected"


@pytest.mark.parametrize("text, error", [
    ("1.234,5.6", "ambiguous-number"),  # two decimal marks
    ("12.345.6", "ambiguous-number"),  # broken thousands group
    ("1.2.3", "ambiguous-number"),
    ("12,3,4", "ambiguous-number"),
    ("(1.234)", "not-a-number"),  # accounting negatives are not guessed
    ("1e5x", "not-a-number"),  # (plain scientific notation such as 1e5 is read: test_scientific_notation)
    ("sekitar 20", "not-a-number"),
    (".5", "not-a-number"),
    ("#DIV/0!", "excel-error"),
    ("#N/A", "excel-error"),
    (True, "bool-not-number"),
    (dt.date(2024, 5, 1), "date-not-number"),
    (float("inf"), "number-not-finite-stored"),  # a stored number beyond a double (issue 18 class 2)
])
def test_unreadable_numbers_are_errors_not_guesses(text, error):
    p = parse.parse_number(text, percent=True)
    assert (p.value, p.error) == (None, error)


@pytest.mark.parametrize("blank", [None, "", "   ", "-", "\u2013", float("nan")])
def test_blank_cells(blank):
    assert parse.parse_number(blank) == parse.BLANK


def test_whole_numbers():
    assert parse.parse_integer("1.234").value == 1234.0
    assert parse.parse_integer("12.345.678").value == 12345678.0
    assert parse.parse_integer(64.0).value == 64.0
    # "1,234" is 1234 to an English-locale sheet but 1,234 in Indonesian: refuse to guess
    assert parse.parse_integer("1,234").error == "ambiguous-number"
    assert parse.parse_integer("12,5").error == "not-whole-number"
    assert parse.parse_integer(12.5).error == "not-whole-number"


@pytest.mark.parametrize("text, code", [
    (" bb ", "BB"), ("Bb", "BB"), ("aa", "AA"), ("A", "A"), ("  Cc\u00a0", "CC"), ("Sangat Memuaskan", "AA"),
])
def test_sakip_predicates_in_any_case_and_spacing(scales, text, code):
    p = parse.parse_grade(text, scales["sakip"])
    assert p.ok and p.grade == code
    # the value is the number the rubric says the predicate stands for: BB -> 75
    assert p.value == {g.code: g.value for g in scales["sakip"].grades}[code]


@pytest.mark.parametrize("value, band, number", [
    ("82,4", "A", 82.4), (82.4, "A", 82.4), (90, "A", 90.0), (90.01, "AA", 90.01), (0, "D", 0.0), ("70", "B", 70.0),
])
def test_sakip_scores_give_their_band(scales, value, band, number):
    # SAKIP bands have exclusive lower bounds ("> 90 - 100"): exactly 90 is A, exactly 70 is B
    p = parse.parse_grade(value, scales["sakip"])
    assert (p.value, p.grade) == (pytest.approx(number), band)


def test_grade_errors(scales):
    assert parse.parse_grade(101, scales["sakip"]).error == "grade-score-out-of-range"
    assert parse.parse_grade("AAA", scales["sakip"]).error == "not-a-grade"
    assert parse.parse_grade("6", scales["spbe"]).error == "grade-score-out-of-range"  # SPBE is 1-5
    assert parse.parse_grade("3,65", scales["spbe"]).grade == "Sangat Baik"


@pytest.mark.parametrize("text, code", [
    ("WTP", "WTP"), (" wtp ", "WTP"), ("Wajar Tanpa Pengecualian", "WTP"), ("WAJAR TANPA PENGECUALIAN", "WTP"),
    ("WTP-DPP", "WTP"), ("wajar dengan pengecualian", "WDP"), ("Tidak Menyatakan Pendapat", "TMP"),
    ("Disclaimer", "TMP"), ("Wajar Tanpa Pengecualian (WTP)", "WTP"), ("WDP (Wajar Dengan Pengecualian)", "WDP"),
])
def test_opinions_written_in_full_or_short(scales, text, code):
    g = parse.find_grade(scales["bpk_opinion"], text)
    assert g is not None and g.code == code


def test_opinion_with_contradicting_brackets_is_not_guessed(scales):
    assert parse.find_grade(scales["bpk_opinion"], "WTP (Wajar Dengan Pengecualian)") is None
    assert parse.find_grade(scales["bpk_opinion"], "Wajar") is None


@pytest.mark.parametrize("value, year", [
    (2024, 2024), (2024.0, 2024), ("2024", 2024), ("TA 2023", 2023), ("Tahun 2024", 2024), ("LKPD 2023", 2023),
    (" th. 2022 ", 2022), ("2023.0", 2023),
])
def test_years(value, year):
    assert parse.parse_year(value, latest=2025).value == year


@pytest.mark.parametrize("value, error", [
    ("2023/2024", "not-a-year"), ("24", "not-a-year"), (1900, "year-too-early"), (2099, "year-in-future"),
    (dt.datetime(2024, 1, 1), "date-not-year"), (True, "not-a-year"), (2024.5, "not-a-year"),
])
def test_bad_years(value, error):
    assert parse.parse_year(value, latest=2025).error == error


@pytest.mark.parametrize("text, expected", [
    ("1.6e-05", 1.6e-05), ("1e5", 1e5), ("-2.5E+03", -2500.0), ("8.719354924570278e-05", 8.719354924570278e-05),
])
def test_scientific_notation(text, expected):
    # as pandas and R write small numbers (issue 13.6); read exactly
    p = parse.parse_number(text)
    assert p.ok and p.value == expected and p.from_text


@pytest.mark.parametrize("text", ["1" * 400, "Rp " + "9" * 310, "1" * 300 + " T", "1e400", "-1e999"])
def test_non_finite_after_parsing_is_an_error(text):
    # a 400-digit number used to become inf and score as a plausible 0 (issue 18.2)
    assert parse.parse_number(text).error == "number-not-finite"


def test_huge_python_int_is_an_error_not_overflow():
    assert parse.parse_number(10 ** 400).error == "number-not-finite"


@pytest.mark.parametrize("cells, convention", [
    (["35.378", "30.407857"], "en"),  # pandas: a dot decimal shows in the same column
    (["35.378", "1.6e-05"], "en"),
    (["35.378", "1.234.567"], "id"),  # dot groups: Indonesian
    (["35.378", "45,6"], "id"),
    (["35.378", "12.345"], "id"),  # nothing tells: the documented Indonesian default
    (["1.234.567,8", "30.407857"], "mixed"),
    ([3.5, None, "35.378"], "id"),  # numbers stored as numbers say nothing about text
])
def test_separators_are_judged_per_column(cells, convention):
    assert parse.judge_separators(cells).convention == convention


def test_judged_convention_decides_the_ambiguous_cells():
    assert parse.parse_number("35.378", convention="en").value == 35.378
    assert parse.parse_number("35.378", convention="id").value == 35378
    assert parse.parse_number("35.378", convention="mixed").error == "ambiguous-number"
    assert parse.parse_number("1,234", convention="en").value == 1234
    assert parse.parse_number("1,234", convention="id").value == pytest.approx(1.234)
    assert parse.parse_number("1,234", convention="mixed").error == "ambiguous-number"
    # unambiguous cells read the same whatever the column
    for conv in ("id", "en", "mixed"):
        assert parse.parse_number("30.407857", convention=conv).value == 30.407857
        assert parse.parse_number("1.234.567,89", convention=conv).value == pytest.approx(1234567.89)
