"""Locale formats (Babel), plural forms and the catalogue with its Indonesian fallback (issue 19)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from scorecard import i18n
from scorecard.issues import Issue

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# formats: expected strings written by hand from the CLDR conventions of id_ID and en


@pytest.mark.parametrize("lang, expected", [("id", "1.234.567,89"), ("en", "1,234,567.89")])
def test_number_groups_and_decimal_mark(lang, expected):
    assert i18n.number(1234567.891, lang, 2) == expected


def test_number_default_decimals_and_missing():
    assert i18n.number(12.0, "id") == "12"
    assert i18n.number(3.14159, "id") == "3,14"  # < 100: 2 decimals
    assert i18n.number(123.45, "en") == "123.5"  # >= 100: 1 decimal (123.45 is 123.4500000000000028...)
    assert i18n.number(None, "id") == i18n.number(float("nan"), "en") == "–"


def test_rounding_is_the_exact_binary_value_like_round():
    # 2.675 is stored as 2.67499999...: round() and the f-format give 2.67, so must we
    assert round(2.675, 2) == 2.67
    assert i18n.number(2.675, "en", 2) == "2.67"
    assert i18n.number(0.125, "id", 2) == "0,12"  # exact half: to even, like round()
    assert i18n.number(-0.004, "en", 2) == "0.00"  # no "-0.00"
    assert i18n.decimal(-0.004, "en", 2) == "0"


def test_decimal_trims_zeros():
    assert i18n.decimal(72.10, "id", 2) == "72,1"
    assert i18n.decimal(3.0, "en", 2) == "3"
    assert i18n.decimal(1051319.4, "id") == "1.051.319"  # >= 1000: no decimals
    assert i18n.decimal(86.04, "id") == "86"  # >= 10: one decimal, trimmed
    assert i18n.decimal(3.654, "en") == "3.65"
    assert i18n.decimal(2024, "id", 2, group=False) == "2024"
    assert i18n.decimal(2024, "id", 2) == "2.024"


def test_percent_money_km_date_list():
    assert i18n.percent(0.864, "id") == "86%"
    assert i18n.percent(0.8645, "en", 1) == "86.5%"
    assert i18n.percent(None, "en") == "–"
    assert i18n.money(1234567.4, "id") == "Rp1.234.567"
    assert i18n.money(1234567.4, "en") == "IDR1,234,567"
    assert i18n.km(1234.4, "id") == "1.234 km"
    assert i18n.km(12.6, "en") == "13 km"
    assert i18n.date(dt.date(2026, 11, 30), "id") == "30 November 2026"
    assert i18n.date(dt.date(2026, 11, 30), "en") == "November 30, 2026"
    assert i18n.date(dt.date(2026, 8, 17), "id", "medium") == "17 Agu 2026"
    assert i18n.join(["Bandung", "Surabaya", "Makassar"], "id") == "Bandung, Surabaya, dan Makassar"
    assert i18n.join(["Bandung", "Surabaya"], "en") == "Bandung and Surabaya"


def test_plural_categories_follow_cldr():
    assert [i18n.plural_category(n, "en") for n in (0, 1, 2, 1.5)] == ["other", "one", "other", "other"]
    assert {i18n.plural_category(n, "id") for n in (0, 1, 2)} == {"other"}  # Indonesian: one form


def test_plural_messages_from_the_quoted_slips():
    assert i18n.t("rec.reason.wtp", "en", years=1) == "WTP 1 year in a row"
    assert i18n.t("rec.reason.wtp", "en", years=4) == "WTP 4 years in a row"
    assert i18n.t("rec.reason.wtp", "id", years=1) == "WTP 1 tahun berturut-turut"
    one = i18n.t("rec.reason.awards", "en", count=1, dimension="Smart Environment", start=2021, end=2024)
    assert one == "1 Smart Environment award (2021–2024)"
    assert i18n.t("cli.input-invalid", "en", n=2).startswith("2 errors found")


def test_float_parameters_and_issue_values_use_the_locale():
    issue = Issue("below-minimum", value=6.2, params={"bound": "0", "unit": ""})
    assert issue.message("id").startswith("nilai 6,2 ")
    assert issue.message("en").startswith("value 6.2 ")
    # a year typed in a cell is shown as typed, without a thousands separator
    assert Issue("year-too-early", value=1900.0).message("id").startswith("tahun 1900 ")
    assert Issue("missing-year", value=None).message("en") == i18n.t("issue.missing-year", "en")
    empty = Issue("below-minimum", value=None, params={"bound": "0", "unit": ""})
    assert "(empty)" in empty.message("en") and "(kosong)" in empty.message("id")


# ---------------------------------------------------------------------------------------------
# catalogue


def test_english_is_complete():
    assert i18n.untranslated("en") == []


def test_missing_language_falls_back_to_indonesian(monkeypatch):
    cat = dict(i18n.catalogue())
    cat["test.partial"] = i18n._entry("test.partial", {"id": "hanya bahasa Indonesia {n}"}, "test")
    monkeypatch.setattr(i18n, "catalogue", lambda: cat)
    assert i18n.t("test.partial", "en", n=3) == "hanya bahasa Indonesia 3"
    assert i18n.untranslated("en") == ["test.partial"]


@pytest.mark.parametrize("raw, why", [
    ({"en": "only English"}, "Indonesian"),
    ({"id": "x", "fr": "y"}, "unknown language"),
    ({"id": "x", "en": {"one": "a"}, "count": "n"}, "other"),
    ({"id": "x", "en": {"one": "a", "other": "b"}}, "count"),
])
def test_broken_entries_are_refused(raw, why):
    with pytest.raises(i18n.CatalogueError, match=why):
        i18n._entry("test.key", raw, "test.yaml")


def test_untranslated_keys_of_every_language_are_listed(capsys):
    """A partial language can start: its missing keys are listed here (and fall back to id)."""
    for lang in i18n.LANGS:
        missing = i18n.untranslated(lang)
        print(f"{lang}: {len(missing)} untranslated keys", *missing[:50], sep="\n  ")
        assert lang != "en" or not missing  # English ships complete
    assert i18n.untranslated("id") == []


def _sources() -> tuple[str, set[str]]:
    files = list((ROOT / "scorecard").rglob("*.py")) + list((ROOT / "reports").glob("*.j2"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    data = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "rubrics").glob("*.yaml"))
    return text, {w.lower() for w in re.findall(r"[A-Za-z0-9_\-]+", text + data)}


def test_no_catalogue_key_is_unused():
    """A key is used when the code names it whole, or a shorter namespaced form of it (the
    rehearsal module prefixes ``rehearsal.``), or the code builds it at run time
    (``f"report.type.{x}"``, ``f"rec.reason.{key}-similar"``, ``"sens." + x``) and each part filled
    in at run time is a word that occurs in the code or a rubric."""
    text, words = _sources()
    literals = set(re.findall(r"""["']([A-Za-z0-9_.\-]+)["']""", text))
    # "prefix.{anything}suffix" in an f-string or a template, and "prefix." + x
    built = set(re.findall(r"""([a-z][a-z0-9_\-]*\.[a-z0-9_.\-]*)\{[^{}\n]*\}([a-z0-9_.\-]*)""", text))
    built |= {(p, "") for p in re.findall(r"""["']([a-z0-9_.\-]+[.\-])["']\s*(?:\+|~|%)""", text)}
    patterns = [re.compile(re.escape(p) + r"([A-Za-z0-9_\-]+)" + re.escape(q) + r"(?:\..*)?")
                for p, q in built if len(p) > 2]
    unused = []
    for key in i18n.catalogue():
        parts = key.split(".")
        if key in literals or any(".".join(parts[i:]) in literals for i in range(1, len(parts) - 1)):
            continue
        if any((m := pat.fullmatch(key)) and all(g in words for g in m.groups()) for pat in patterns):
            continue
        unused.append(key)
    assert unused == [], f"catalogue keys no code uses: {unused}"


def test_catalogue_entries_have_the_same_placeholders_in_every_language():
    bad = []
    for key, entry in i18n.catalogue().items():
        forms = []
        for lang in i18n.LANGS:
            text = entry.get(lang)
            forms += list(text.values()) if isinstance(text, dict) else [text] if text else []
        names = [set(re.findall(r"\{(\w+)", f)) for f in forms]
        if any(n != names[0] for n in names):
            bad.append(key)
    assert bad == []


def test_no_hand_written_number_helpers_are_left():
    """Numbers and plurals go through Babel (i18n.number, decimal, percent, money, km, date,
    plural forms in the catalogue): the old hand-written helpers are gone (issue 19)."""
    old = re.compile(r"\b(fmt_number|fmt_value|fmt_km)\b|replace\(\s*[\"'],[\"']\s*,\s*[\"']\\0|n == 1 else")
    hits = [f"{p.relative_to(ROOT)}:{i}" for p in (ROOT / "scorecard").rglob("*.py")
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if old.search(line)]
    assert hits == []
