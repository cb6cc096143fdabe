"""Issue 13 on the report page (HTML model, Excel, report --all index): a region not yet rated,
relative bands, small-group warning, next grade in words, the peer group stated. Both languages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.commands.common import load_inputs
from scorecard.pipeline import score
from scorecard.recommend import recommend
from scorecard.analysis import Analysis
from scorecard.report_model import build_index, build_report
from test_methodology_fixtures import REF_VALUES, ref_csv, ref_rubric
from examples import bi, build_example, tiny_rubric_yaml
from wbtools import tiny_rubric, tiny_workbook


def _unrated(tmp_path):
    rows = [list(r) for r in REF_VALUES]
    rows[1][2] = rows[1][3] = None  # Kota Blitar: no c, no d -> coverage 1/3
    csv = ref_csv(tmp_path, [tuple(r) for r in rows])
    rub = ref_rubric(tmp_path, extra="missing: {method: exclude, min_coverage: 0.5}")
    rubric, tables, report = load_inputs(str(csv), str(rub))
    return score(tables, rubric, notes=report)


@pytest.mark.parametrize("lang, head, missing_title", [
    ("id", "Kota Blitar belum dapat dinilai — cakupan data 33% (perlu paling sedikit 50%).",
     "Data yang belum ada dan di mana mencarinya"),
    ("en", "Kota Blitar is not yet rated — data coverage 33% (at least 50% needed).", "Data still missing and where to find it")])
def test_report_of_a_region_not_yet_rated(tmp_path, lang, head, missing_title):
    res = _unrated(tmp_path)
    m = build_report(Analysis(res, "35.72", recommendation=recommend(res, "35.72")), lang)
    assert not m.rated and m.headline.startswith(head)
    facts = {f.label: f.text for f in m.facts}
    assert "–" in facts.values() and not any(ch.isdigit() for ch in facts[next(iter(facts))])  # rank "–"
    assert m.weakest == () and m.trip == () and m.weak_sections == () and m.can_host is None
    # what is missing and where to find it: c and d, each carrying 1/3 * 2/3 ... of the index
    t = m.missing_inputs
    assert t.title == missing_title and [r.code for r in t.rows] == ["ic", "id_"]
    # dim2 weighs 2 of 3; ic 1 of 4 and id_ 3 of 4 inside it: 1/6 and 1/2 of the index
    assert [r.cells[3].value for r in t.rows] == pytest.approx([1 / 6, 1 / 2])
    # the ranking shows it without a score; the example rubric has no band scale, so the ranking
    # has no band column at all (no column of "–")
    row = next(r for r in m.ranking.rows if r.code == "35.72")
    assert row.cells[0].text == "–" and "33%" in row.cells[5].text
    assert "grade" not in [c.key for c in m.ranking.columns] and res.rubric.scoring.scale is None
    # and the index page of report --all
    idx = build_index(Analysis(res), {c: f"{c}.html" for c in res.regions.index}, lang)
    irow = next(r for r in idx["table"].rows if r.code == "35.72")
    # (no band column there either: the score column's "not rated, 33%" is the last cell)
    assert "grade" not in [c.key for c in idx["table"].columns]
    assert "33%" in irow.cells[-1].text and irow.cells[0].text == "–"
    # ranks are among the 3 rated regions: Kota Probolinggo 1/3, not 1/4
    assert next(r for r in idx["table"].rows if r.code == "35.74").cells[0].text == "1/3"
    # 4 regions, 1 not rated: 3 rated < 5 -> the index warns too
    assert any(("3 wilayah yang dinilai" if lang == "id" else "3 rated regions") in w for w in idx["warnings"])


@pytest.mark.parametrize("lang, band, warn, heading", [
    ("id", "Terdepan di kelompok ini", "hanya berisi 3 wilayah yang dinilai (kurang dari 5)", "Posisi relatif"),
    ("en", "Leading this group", "holds only 3 rated regions (fewer than 5)", "Relative position")])
def test_relative_band_small_group_and_group_on_the_page(tmp_path, lang, band, warn, heading):
    quarters = {"name": bi("Posisi relatif", "Relative position"), "kind": "bands", "relative": True, "grades": [
        {"code": "terdepan", "label": bi("Terdepan di kelompok ini", "Leading this group"), "min": 75, "max": 100},
        {"code": "atas", "label": bi("Paruh atas kelompok ini", "Upper half of this group"), "min": 50, "max": 75},
        {"code": "bawah", "label": bi("Paruh bawah kelompok ini", "Lower half of this group"), "min": 25, "max": 50},
        {"code": "tertinggal", "label": bi("Tertinggal di kelompok ini", "Trailing this group"), "min": 0, "max": 25}]}
    res = build_example(tmp_path, rubric=tiny_rubric_yaml(scales=("sakip", "opini", ("predikat", quarters))))
    best = res.overall.idxmax()
    m = build_report(Analysis(res, best), lang)
    facts = {f.label: f.text for f in m.facts}
    # best of 3 on min-max: overall > 75 -> the top quarter, said in words, never "AA"
    assert facts[heading] == band and "AA" not in m.headline
    assert any(warn in w for w in m.warnings)
    assert any(("relatif" if lang == "id" else "relative") in w for w in m.warnings)
    assert ("semua wilayah di workbook" if lang == "id" else "all regions in the workbook") in m.subtitle
    assert "(3 " in m.subtitle or " 3 " in m.subtitle


def test_next_grade_on_the_page_in_words_both_languages(tmp_path):
    # Kota Madiun SAKIP exactly 60 (CC), the others 65-80: SAKIP is a weak area; B needs MORE than 60
    wb = tiny_workbook(tmp_path / "t.xlsx", regions=[
        ["Kota Madiun", "35.77", 60, 300, 1000, 5.0], ["Kota Malang", "35.73", 80, 900, 2000, 4.0],
        ["Kabupaten Bangka", "19.01", 75, 150, 1500, 6.0]])
    rubric, tables, report = load_inputs(str(wb), str(tiny_rubric(tmp_path / "r.yaml")))
    res = score(tables, rubric, notes=report)
    for lang, words in (("id", "predikat CC; untuk B naikkan di atas 60 (kini 60)"),
                        ("en", "grade CC; for B, raise it above 60 (now 60)")):
        m = build_report(Analysis(res, "35.77", recommendation=recommend(res, "35.77")), lang)
        sakip = next(ws for ws in m.weak_sections if "SAKIP" in ws.title)
        texts = [f.text for f in sakip.facts]
        assert words in texts
        assert not any("0 poin" in x or "0 points" in x for x in texts)


def test_cli_report_and_excel_of_a_region_not_yet_rated(tmp_path):
    rows = [list(r) for r in REF_VALUES]
    rows[1][2] = rows[1][3] = None
    csv = ref_csv(tmp_path, [tuple(r) for r in rows])
    rub = ref_rubric(tmp_path, extra="missing: {method: exclude, min_coverage: 0.5}")
    out = tmp_path / "blitar.html"
    res = CliRunner().invoke(cli, ["report", str(csv), "-r", str(rub), "--focus", "Kota Blitar", "-o", str(out)],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "belum dapat dinilai — cakupan data 33%" in html and "Data yang belum ada dan di mana mencarinya" in html
    xlsx = tmp_path / "blitar.xlsx"
    res = CliRunner().invoke(cli, ["report", str(csv), "-r", str(rub), "--focus", "Kota Blitar", "-o", str(xlsx),
                                   "--lang", "en"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    from openpyxl import load_workbook

    cells = [str(c.value) for ws in load_workbook(xlsx).worksheets[:1] for row in ws.iter_rows() for c in row if c.value]
    assert any("not yet rated — data coverage 33%" in c for c in cells)
    assert any(c.startswith("Missing: C — column C") for c in cells)
