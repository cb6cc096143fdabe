"""The unit-list checks give the same messages, in the same order, as before they were vectorised.

Each unit list of ``tests/units_corpus/cases.py`` (duplicate codes, bad code shapes, codes of no
province or kabupaten/kota, province names and types contradicting the code, unreadable numbers,
centres outside Indonesia, non-positive areas and populations, kecamatan/kabupaten names against
codes, blank rows, quoting, header aliases, …) is read with ``read_units``; every message
(code, severity, file, row, column, value, parameters, the line in both languages) and, for a list
that reads, the unit frame and its notes must equal ``tests/units_corpus/expected.json``, pinned
on the tree before the change (per-row checks)."""

from __future__ import annotations

import json

import pytest

from units_corpus.cases import CASES, HERE, outcome

EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))


def test_every_case_is_pinned():
    assert sorted(EXPECTED) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_unit_list_messages_are_unchanged(tmp_path, name):
    got = outcome(tmp_path, name)
    want = EXPECTED[name]
    if "issues" in want:
        assert "issues" in got, got
        assert [i["en"] for i in got["issues"]] == [i["en"] for i in want["issues"]]
    assert got == want


@pytest.mark.parametrize("code", ["33.08", "3308", "3308.0", "35.77", " 33.08 "])
def test_a_kabupaten_code_in_a_unit_list_is_a_bad_code_not_a_crash(tmp_path, code):
    """A unit list is keyed by village codes PP.KK.CC.DDDD; a kabupaten/kota code (which the
    region registry's code reader also accepts) is refused as a malformed unit code, located,
    instead of the internal error (IndexError) it caused before."""
    from scorecard.io.units_file import read_units
    from scorecard.issues import InputError

    units = tmp_path / "u.csv"
    units.write_text(f"kode,nama\n{code},Desa A\n33.08.01.2002,Desa B\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_units(units)
    assert [(i.code, i.row, i.column, i.value) for i in exc.value.report] == [
        ("units-bad-code", 2, "kode", code.strip())]


TEXTS = ["33.08.01.2001", "3308012001", " 33.08.01.2001 ", "3308012001.0", "35.77", "3577", "3577.0", " 35 77 ",
         "33.08.1.2001", "33080120011", "Desa Sukamaju", "", "   ", "33-08-01-2001", "33.08.01.2001x",
         "\u0663\u0663.\u0660\u0668.\u0660\u0661.\u0662\u0660\u0660\u0661", "\u00b3\u00b3\u2070\u2078",
         "\uff13\uff13.\uff10\uff18", "33 08 01 2001", "3308012001.00", "1234567890123", "12.34.56.7890",
         "Kota 35.77", "35.77 Kota", "٣٥٧٧", "3\u00a0577", "Desa A 33.08.01.2001", "33.08.01.2001\x00", "\x0033.08"]


def test_codes_at_once_reads_every_text_as_normalise_code_does():
    from scorecard.registry import codes_at_once, normalise_code

    codes, as_u13, found = codes_at_once(TEXTS)
    assert codes == [normalise_code(t) for t in TEXTS]
    assert as_u13.tolist() == [c or "" for c in codes]
    assert found.tolist() == [c is not None for c in codes]


def test_exact_titles_and_names_are_the_per_unit_rules():
    """Registry.exact_titles/exact_names (computed for all units at once) give what the per-unit
    rules give: canonical codes with a name without spaces around it; names only one unit has
    that cannot be read as a code."""
    import pandas as pd

    from scorecard.registry import Registry, normalise_code

    titles = ["Desa A", "Desa A", " Desa B", "Desa C ", "", "3577", "Desa D", "33.08.01.2005", "Kelurahan E"]
    codes = ["33.08.01.2001", "33.08.01.2002", "33.08.01.2003", "33.08.01.2004", "33.08.01.2005", "33.08.01.2006",
             "3308012007", "33.08.01.2008", " 33.08.01.1009"]
    frame = pd.DataFrame({"name_title": titles, "type": ["desa"] * 9}, index=pd.Index(codes, dtype=object))
    registry = Registry(frame)
    by_title: dict[str, list[str]] = {}
    for c, t in zip(codes, titles):
        by_title.setdefault(t, []).append(c)
    assert registry.exact_titles() == {c: t for c, t in zip(codes, titles)
                                       if normalise_code(c) == c and t and t == t.strip()}
    assert registry.exact_names() == {t: cs[0] for t, cs in by_title.items()
                                      if len(cs) == 1 and t and t == t.strip() and normalise_code(t) is None}
    assert list(registry.exact_names()) == ["Desa D", "Kelurahan E"]
    assert registry._codes_by_title == by_title
