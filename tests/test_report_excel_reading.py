"""The Excel report reads well on screen and on A4:

* ``report --all``'s workbooks show an indicator's grade (SAKIP "BB") in a Predikat/Grade column
  as the single-region workbook does (the value is stored as a number, so the grade was lost);
* the all-regions Indikator sheet keeps the indicator name on one line on paper: the indicator id
  (for filters) is its last column, left off the printed page, and a column with room to spare
  gives width before one whose longest text only just fits (the 49-character Indonesian name
  "Derajat desentralisasi fiskal (PAD/pendapatan, %)" wrapped "%)" alone onto a second line);
* Rekomendasi says why in two short columns — what the host achieved, how it is like us —
  without repeating the figures that have their own column (scores, simulations, distance), amounts
  in short (Rp3,6 jt), the weak area and the host repeated on every printed slice.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from scorecard import i18n, resources
from scorecard.cli import cli

SAMPLE = str(resources.sample_workbook())
FOCUS_FILE = "64.71-kota-balikpapan.xlsx"


def header(ws) -> list[str]:
    return [c.value for c in ws[1]]


@pytest.fixture(scope="module")
def all_id(tmp_path_factory):
    out = tmp_path_factory.mktemp("all") / "laporan"
    res = CliRunner().invoke(cli, ["report", SAMPLE, "--all", "--excel", "-o", str(out), "-j", "1"])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def one(tmp_path_factory):
    out = tmp_path_factory.mktemp("one")
    for lang in ("id", "en"):
        res = CliRunner().invoke(cli, ["--lang", lang, "report", SAMPLE, "--focus", "Kota Balikpapan",
                                       "-o", str(out / f"{lang}.xlsx")])
        assert res.exit_code == 0, res.output
    return out


def test_all_workbooks_show_the_grade_as_the_single_region_workbook_does(all_id, one):
    ws = load_workbook(all_id / FOCUS_FILE)["Indikator"]
    head = header(ws)
    assert head[:4] == ["Dimensi", "Indikator", "Nilai", "Predikat"]
    got = {r[1]: (r[2], r[3]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert got["SAKIP"] == (72.1, "BB") and got["Reformasi Birokrasi"] == (66, "B")
    assert got["Indeks SPBE"] == (3.05, "Baik") and got["Command center"] == (100, "Ada")
    assert got["Indeks Inovasi Daerah"] == (55, None)  # no scale: no grade
    # the same grades as Balikpapan's rows of the single-region workbook's long sheet
    long = load_workbook(one / "id.xlsx")["Indikator"]
    lh = header(long)
    mine = {r[lh.index("Indikator")]: (r[lh.index("Nilai")], r[lh.index("Predikat")])
            for r in long.iter_rows(min_row=2, values_only=True) if r[lh.index("Kode")] == "64.71"}
    assert mine == got


def test_all_workbooks_grade_column_in_english(all_id, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "scorecard", "--lang", "en", "report", SAMPLE, "--all", "--excel",
                           "-o", str(tmp_path / "rep"), "-j", "1"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    ws = load_workbook(tmp_path / "rep" / FOCUS_FILE)["Indicators"]
    assert header(ws)[:4] == ["Dimension", "Indicator", "Value", "Grade"]
    got = {r[1]: r[3] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert got["SAKIP"] == "BB" and got["SPBE index"] == "Good" and got["Command centre"] == "Yes"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_indicator_name_keeps_its_width_and_the_id_is_not_printed(one, lang):
    ws = load_workbook(one / f"{lang}.xlsx")["Indikator" if lang == "id" else "Indicators"]
    head = header(ws)
    assert head[-1] == i18n.t("report.col.indicator-id", lang)  # last, for filters and lookups
    assert ws.print_area.endswith(f"$A$1:${'ABCDEFGHIJ'[len(head) - 2]}${ws.max_row}")  # not printed
    name = "ABCDEFGHIJ"[head.index(i18n.t("report.col.indicator", lang))]
    longest = max(len(c.value) for c in ws[name][1:])
    assert ws.column_dimensions[name].width >= longest + 2  # not narrowed for the print slice
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert {r[-1] for r in rows} >= {"pad_share", "sakip", "wisatawan_per_penduduk"}


def test_a_column_with_room_to_spare_gives_first():
    from scorecard.io.paper import _shrink

    widths = [51.0, 24.0, 19.0]  # a 49-character name, a 22-character id, a 17-character dimension
    changed = _shrink(widths, [0, 1, 2], 6, {0: 49, 1: 22, 2: 17})
    # room to spare (width x 1.1 - 2 - text): 5.1, 2.4, 1.9. The name gives three units (room 1.8),
    # then the id one (1.3), the dimension one (0.8, and it is at the 18-unit floor), the name the
    # last: 47, 23, 18. The widest used to give all six (51 -> 45: the name wrapped)
    assert widths == [47.0, 23.0, 18.0] and changed == {0, 1, 2}
    assert _shrink([30.0, 20.0], [0, 1], 3) == {0}  # without the texts: the widest gives, as before


@pytest.mark.parametrize("lang", ["id", "en"])
def test_recommendation_reasons_are_short_and_say_who(one, lang):
    ws = load_workbook(one / f"{lang}.xlsx")["Rekomendasi" if lang == "id" else "Recommendations"]
    head = header(ws)
    rows = [dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    area, host = i18n.t("report.col.area", lang), i18n.t("report.col.host", lang)
    evidence, likeness = i18n.t("report.col.host-evidence", lang), i18n.t("report.col.host-likeness", lang)
    assert i18n.t("report.col.reasons", lang) not in head
    surabaya = next(r for r in rows if r[area] == "Smart Branding" and r[host] == "Kota Surabaya")
    if lang == "id":  # rec.reason.awards, same-type, population-times, revenue-similar (3,608,324 vs 3,736,378)
        assert surabaya[evidence] == "40 penghargaan Smart Branding (2020–2023)"
        assert surabaya[likeness] == "sama-sama kota; penduduk 4× kita; anggaran per penduduk serupa (Rp3,6\u00a0jt vs Rp3,7\u00a0jt)"
    else:
        assert surabaya[evidence] == "40 Smart Branding awards (2020–2023)"
        assert surabaya[likeness] == "also a kota (city); population 4× ours; similar budget per resident (Rp3.6M vs Rp3.7M)"
    other = {"id": ["Skor ", " km", "simulasi", "vs Rp3.736.378"], "en": ["score ", " km", "simulations", "3,736,378"]}
    for r in rows:
        if not r[host]:
            continue
        for text in (r[evidence] or "", r[likeness] or ""):
            assert len(text) <= 120, text
            for word in other[lang]:
                assert word not in text, (word, text)
    assert sum(1 for r in rows if r[host]) >= 40
