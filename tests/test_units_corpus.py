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
