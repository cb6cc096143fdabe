"""A budget per resident that cannot be computed is said, located, never treated as blank
silently (docs/recommend.md, "Context"): the host reasons compare budgets per resident
(``recommend.revenue_column`` / ``penduduk``, else ``pad_column`` / ``penduduk``); a population or
a budget of 0 gives no positive finite figure. ``derive`` says the same of a zero denominator in
an indicator (``ratio-zero-denominator``); here the cell at fault is named with its sheet, row
and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from scorecard import resources
from scorecard.cli import cli


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """The sample with a 'penduduk' column (AB) holding 0 for Kota Madiun (others blank: filled from
    the registry) and Kota Balikpapan's total_pendapatan (column O, row 5) set to 0."""
    wb = load_workbook(resources.sample_workbook())
    ws = wb["wilayah"]
    assert [ws.cell(row=3, column=c).value for c in (2, 15)] == ["Wilayah", "total_pendapatan"]
    assert ws.cell(row=4, column=2).value == "Kota Madiun" and ws.cell(row=5, column=2).value == "Kota Balikpapan"
    col = ws.max_column + 1
    assert col == 28  # AB
    ws.cell(row=3, column=col, value="penduduk")
    ws.cell(row=4, column=col, value=0)
    ws.cell(row=5, column=15, value=0)
    out = tmp_path_factory.mktemp("pc") / "nol.xlsx"
    wb.save(out)
    return out


WORDS = {
    "en": ["Warning: {book}, sheet 'wilayah', row 4, column AB (penduduk): Kota Madiun: 'total_pendapatan' / "
           "'penduduk' and 'pad' / 'penduduk' is not computed because penduduk is 0; this region's budget is left "
           "out of the study-visit host reasons.",
           "Warning: {book}, sheet 'wilayah', row 5, column O (total_pendapatan): Kota Balikpapan: "
           "'total_pendapatan' / 'penduduk' is not computed because total_pendapatan is 0;"],
    "id": ["Peringatan: {book}, sheet 'wilayah', baris 4, kolom AB (penduduk): Kota Madiun: 'total_pendapatan' / "
           "'penduduk' dan 'pad' / 'penduduk' tidak dihitung karena penduduk bernilai 0; anggaran wilayah ini "
           "tidak dibandingkan dalam alasan tuan rumah studi tiru.",
           "Peringatan: {book}, sheet 'wilayah', baris 5, kolom O (total_pendapatan): Kota Balikpapan: "
           "'total_pendapatan' / 'penduduk' tidak dihitung karena total_pendapatan bernilai 0;"],
}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("command", ["recommend", "brief"])
def test_unusable_budget_per_resident_is_a_located_warning(book, tmp_path, lang, command):
    extra = ["-o", str(tmp_path / "b.html")] if command == "brief" else []
    res = CliRunner().invoke(cli, ["--lang", lang, command, str(book), "--focus", "Kota Balikpapan", *extra])
    assert res.exit_code == 0, res.output
    for line in WORDS[lang]:
        assert line.format(book=book) in res.stderr, res.stderr
    # said once per cell; a region whose population is filled from the registry is not reported
    assert res.stderr.count("row 4, column AB" if lang == "en" else "baris 4, kolom AB") == 1
    assert "Kota Malang:" not in "\n".join(x for x in res.stderr.splitlines() if "'penduduk'" in x)


def test_pure_function_names_the_cells_and_leaves_other_groups_alone(book):
    from scorecard.commands.common import load_inputs
    from scorecard.pipeline import score
    from scorecard.recommend import per_capita_issues

    rub, tables, report = load_inputs(str(book), None)
    result = score(tables, rub, notes=report)
    issues = per_capita_issues(result, "64.71")
    assert [(i.code, i.severity, i.sheet, i.row, i.column_letter, i.column, i.value) for i in issues] == [
        ("per-capita-not-computed", "warning", "wilayah", 4, "AB", "penduduk", 0.0),
        ("per-capita-not-computed", "warning", "wilayah", 5, "O", "total_pendapatan", 0.0)]
    # by type: Madiun and Balikpapan are both kota, so both are in Balikpapan's group; a kabupaten's
    # group holds neither
    typed = score(tables, rub, peers="type", notes=report)
    kab = next(c for c in typed.regions.index if typed.regions.at[c, "peer_group"] == "kabupaten")
    assert per_capita_issues(typed, kab) == []
    assert len(per_capita_issues(typed, "64.71")) == 2
    # the sample itself (every figure usable): nothing to say
    rub, tables, report = load_inputs(str(resources.sample_workbook()), None)
    assert per_capita_issues(score(tables, rub, notes=report), "64.71") == []


AFTER_SET = {
    "en": ["Warning: option --set penduduk=0: after this change: Kota Balikpapan: Tourists per resident cannot be "
           "computed because penduduk is 0.",
           "Warning: option --set penduduk=0: after this change: Kota Balikpapan: 'total_pendapatan' / 'penduduk' "
           "and 'pad' / 'penduduk' is not computed because penduduk is 0; this region's budget is left out of the "
           "study-visit host reasons."],
    "id": ["Peringatan: opsi --set penduduk=0: setelah perubahan ini: Kota Balikpapan: Wisatawan per penduduk tidak "
           "dapat dihitung karena penduduk bernilai 0.",
           "Peringatan: opsi --set penduduk=0: setelah perubahan ini: Kota Balikpapan: 'total_pendapatan' / "
           "'penduduk' dan 'pad' / 'penduduk' tidak dihitung karena penduduk bernilai 0; anggaran wilayah ini "
           "tidak dibandingkan dalam alasan tuan rumah studi tiru."],
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_whatif_says_what_the_set_change_makes_uncomputable(lang):
    """`whatif -f 64.71 --set penduduk=0` said nothing (exit 0) while every per-resident figure of
    Balikpapan became uncomputable and "Tourists per resident" left its weak areas as if improved.
    Now said as recommend says it, marked as caused by the --set change and located at that option
    (the workbook's cell still holds 757,418: no "check this cell"); the indicator named in the
    reader's language (derive gave the Indonesian name in English)."""
    res = CliRunner().invoke(cli, ["--lang", lang, "whatif", str(resources.sample_workbook()), "-f", "64.71",
                                   "--set", "penduduk=0"])
    assert res.exit_code == 0, res.output
    for line in AFTER_SET[lang]:
        assert line in res.stderr, res.stderr
    assert "Periksa sel ini" not in res.stderr and "Check this cell" not in res.stderr
    assert ("Wisatawan" in res.stderr) == (lang == "id")
    # a change that spoils nothing says nothing
    res = CliRunner().invoke(cli, ["--lang", lang, "whatif", str(resources.sample_workbook()), "-f", "64.71",
                                   "--set", "indeks_spbe=3,6"])
    assert res.exit_code == 0 and res.stderr.count(":") <= 1, res.stderr


@pytest.mark.parametrize("lang", ["id", "en"])
def test_whatif_says_the_workbooks_own_as_recommend_does_and_only_once(book, lang):
    """The workbook's own unusable budgets (Madiun's penduduk 0, Balikpapan's total_pendapatan 0) are
    said at their cells, as recommend says them, not as caused by an unrelated --set change."""
    res = CliRunner().invoke(cli, ["--lang", lang, "whatif", str(book), "-f", "Kota Balikpapan",
                                   "--set", "indeks_spbe=3,6"])
    assert res.exit_code == 0, res.output
    for line in WORDS[lang]:
        assert line.format(book=book) in res.stderr, res.stderr
    assert res.stderr.count("row 4, column AB" if lang == "en" else "baris 4, kolom AB") == 1
    assert "--set" not in res.stderr


def test_whatif_marks_only_the_changed_regions_new_warnings_as_the_options():
    """A new warning about the changed region and column is located at the --set option; a new one
    about another region (a peer group that changed with the change) keeps its cell; one said
    before already is not repeated."""
    from scorecard.issues import Issue
    from scorecard.unscored import whatif_unscored_issues

    def pc(region, row):
        return Issue("per-capita-not-computed", "warning", file="b.xlsx", sheet="wilayah", row=row, column="penduduk",
                     column_letter="AB", value=0.0, params={"region": region, "column": "penduduk", "ratio": "'pad' / 'penduduk'"})

    old = pc("Kota Malang", 9)
    out = whatif_unscored_issues([old], [old, pc("Kota Balikpapan", 5), pc("Kota Madiun", 4)],
                                 changed={"penduduk": "--set penduduk=0"}, focus_name="Kota Balikpapan")
    lines = [i.render("en") for i in out.issues]
    assert lines[0].startswith("Warning: b.xlsx, sheet 'wilayah', row 9, column AB (penduduk): Kota Malang:")
    assert lines[1].startswith("Warning: option --set penduduk=0: after this change: Kota Balikpapan: 'pad' / "
                               "'penduduk' is not computed because penduduk is 0; this region's budget")
    assert "Check this cell" not in lines[1]
    assert lines[2].startswith("Warning: b.xlsx, sheet 'wilayah', row 4, column AB (penduduk): after the --set "
                               "change: Kota Madiun: 'pad' / 'penduduk' is not computed because penduduk is 0;")
    assert len(lines) == 3
