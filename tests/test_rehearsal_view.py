"""The rehearsal's view model (scorecard.rehearsal_view): every figure of a tiny instrument worked
out by hand, formatted for each language; the renderers only lay the view out."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from scorecard.io.rehearsal_report import render_checklist, render_html, render_text
from scorecard.rehearsal import Assessment, OfficialResult, build_instrument, plan_before, rehearse
from scorecard.rehearsal_view import checklist_view, rehearsal_view

# Two smart dimensions (equal weight) x two result dimensions (R1 60 %, R2 40 %), one criterion per
# cell, all weight 1: each criterion's coefficient is W[r] x 1/2, so s1.r1 and s2.r1 count 0.3 per
# level, s1.r2 and s2.r2 0.2. Bands: "Pita 1-3" from 1, "Pita 3-5" from 3.
MINI = {
    "kind": "evaluation", "id": "mini", "version": "1", "name": "Mini",
    "scale": {"status": "assumed", "levels": [{"level": n, "label": str(n)} for n in (1, 2, 3, 4, 5)]},
    "bands": {"status": "placeholder",
              "grades": [{"code": "1", "label": {"id": "Pita 1-3", "en": "Band 1-3"}, "min": 1},
                         {"code": "3", "label": {"id": "Pita 3-5", "en": "Band 3-5"}, "min": 3.0}]},
    "weights": {"default": "w", "profiles": {"w": {"status": "assumed", "r1": 60, "r2": 40}}},
    "result_dimensions": [
        {"id": "r1", "name": "R1", "stage": 1, "evidence": {2: "Dok 2", 3: "Dok 3", 4: "Dok 4"}},
        {"id": "r2", "name": "R2", "stage": 2, "evidence": {2: "Survei 2", 3: "Survei 3"}}],
    "smart_dimensions": [
        {"id": "d1", "name": "D1", "weight": 1, "subdimensions": [{"id": "s1", "name": "S1", "owner": "Bappeda"}]},
        {"id": "d2", "name": "D2", "weight": 1, "subdimensions": [{"id": "s2", "name": "S2", "owner": "Diskominfo"}]}],
}
TODAY, UNTIL = dt.date(2026, 12, 1), dt.date(2026, 12, 11)


def _rehearsal(stage=1, written_l3="Ada di Dinas Perkim"):
    """Claimed s1.r1 3, s1.r2 2, s2.r1 2, s2.r2 1. Evidence: links for every level-2 item; the
    level-3 item of s1.r1 says something the rule cannot classify, so s1.r1 is supported at 2."""
    ins = build_instrument(MINI, file="mini.yaml")
    a = Assessment(region_code="64.71", region_name="Kota Balikpapan",
                   levels={"s1.r1": 3, "s1.r2": 2, "s2.r1": 2, "s2.r2": 1},
                   evidence={"s1.r1/L2": "https://x.go.id/a.pdf", "s1.r1/L3": written_l3,
                             "s1.r2/L2": "https://x.go.id/b.pdf", "s2.r1/L2": "https://x.go.id/c.pdf"},
                   year=2024, file="/data/penilaian.xlsx",
                   last=OfficialResult(year=2023, overall=1.5, results={"r1": 1.8}, dimensions={"d1": 2.1}),
                   cells={"s1.r1/L3": ("penilaian_mandiri", 12, "F")})
    rh = rehearse(ins, a, stage)
    return rh, plan_before(rh, TODAY, UNTIL)


def _col(table, key):
    j = [c.key for c in table.columns].index(key)
    return [row.cells[j] for row in table.rows]


def test_prediction_by_hand_in_both_languages():
    rh, plan = _rehearsal()
    # claimed: 0.3*3 + 0.2*2 + 0.3*2 + 0.2*1 = 2.1; evidence-backed (s1.r1 at 2): 2.1 - 0.3 = 1.8
    # R1 claimed (3 + 2)/2 = 2.5, backed 2.0; R2 (2 + 1)/2 = 1.5; D1 claimed 0.6*3 + 0.4*2 = 2.6,
    # backed 2.0; D2 0.6*2 + 0.4*1 = 1.6. Change = backed - last official (2023): overall
    # 1.8 - 1.5 = +0.30, R1 2.0 - 1.8 = +0.20, D1 2.0 - 2.1 = -0.10; no official figure: "–".
    v = rehearsal_view(rh, "id", plan)
    p = v.prediction
    assert [r.code for r in p.rows] == ["overall", "r1", "r2", "d1", "d2"]
    assert [r.highlight for r in p.rows] == [True, False, False, False, False]
    assert [c.label for c in p.columns] == ["Indeks", "Klaim", "Didukung bukti", "Resmi 2023", "Selisih (bukti − resmi)"]
    assert [c.text for c in _col(p, "claimed")] == ["2,10", "2,50", "1,50", "2,60", "1,60"]
    assert [c.text for c in _col(p, "verified")] == ["1,80", "2,00", "1,50", "2,00", "1,60"]
    assert [c.text for c in _col(p, "last")] == ["1,50", "1,80", "–", "2,10", "–"]
    assert [c.text for c in _col(p, "change")] == ["+0,30", "+0,20", "–", "-0,10", "–"]
    assert [c.value for c in _col(p, "verified")] == pytest.approx([1.8, 2.0, 1.5, 2.0, 1.6])
    assert _col(p, "change")[0].value == pytest.approx(0.3) and _col(p, "change")[2].value is None
    assert [(f.label, f.text, f.kind) for f in v.facts] == [
        ("Indeks didukung bukti", "1,80", "main"), ("Indeks sesuai klaim", "2,10", "number"),
        ("Kriteria berisiko", "1", "number"), ("Hasil resmi 2023", "1,50", "number")]
    assert v.headline.startswith("Indeks didukung bukti: 1,80 — Pita 1-3") and "selisih 0,30 poin" in v.headline
    en = rehearsal_view(rh, "en", plan)
    assert [c.text for c in _col(en.prediction, "claimed")] == ["2.10", "2.50", "1.50", "2.60", "1.60"]
    assert [c.text for c in _col(en.prediction, "change")] == ["+0.30", "+0.20", "–", "-0.10", "–"]
    assert en.prediction.columns[3].label == "Official 2023" and en.headline.startswith("Evidence-backed index: 1.80")


def test_missing_risks_and_cells_to_check_by_hand():
    rh, plan = _rehearsal()
    v = rehearsal_view(rh, "id", plan)
    # tahap I lists the missing evidence: s1.r1's level-3 document (stage of R1: 1)
    assert v.missing is not None and [r.code for r in v.missing.rows] == ["s1.r1/L3"]
    assert [c.text for c in v.missing.rows[0].cells] == [
        "s1.r1", "D1 · S1 — R1", "3", "Tahap 1", "Dok 3", 'tertulis "Ada di Dinas Perkim": perlu dicek']
    # at risk: s1.r1 claimed 3, supported 2, 0.3 points
    assert v.risk_title.endswith(": 1, total -0,30 poin")
    assert [c.text for c in v.risks.rows[0].cells[:6]] == ["s1.r1", "D1 · S1 — R1", "3", "2", "-0,30", "Dok 3"]
    assert v.risks.rows[0].cells[4].value == pytest.approx(-0.3)
    assert [(c.cell, c.code, c.text) for c in v.checks] == [("penilaian_mandiri!F12", "s1.r1/L3", "Ada di Dinas Perkim")]
    assert v.footer.startswith("Dibuat oleh scorecard dari penilaian.xlsx;")  # the file's name, never its path
    # tahap II has no missing-evidence table; the risks stay
    v2 = rehearsal_view(_rehearsal(stage=2)[0], "id")
    assert v2.missing is None and len(v2.risks.rows) == 1


def test_path_and_plan_by_hand():
    rh, plan = _rehearsal()
    # From 1.80 to the next band (3.00): +1.20 at least cost. s1.r1 2 -> 4 (level 3 is claimed:
    # evidence, cost 1; level 4 real work, cost 2) gains 0.6 for 3; s2.r1 2 -> 4 gains 0.6 for 4.
    # Any cheaper mix falls short of 12 tenths (e.g. s1.r1 +2, s1.r2 +1, s2.r2 +1 = 1.0 for 7).
    v = rehearsal_view(rh, "id", plan)
    assert v.path_lines == ("Jalur ke Pita 3-5 (>= 3,00): dari indeks didukung bukti 1,80 (klaim 2,10), butuh +1,20",
                            "1. Lengkapi bukti dulu: 1 kriteria, +0,300 poin (level sudah diklaim, buktinya belum dihitung).",
                            "2. Lalu perbaikan nyata: 2 kriteria, +0,900 poin.")
    assert v.steps is not None
    assert [[c.text for c in r.cells[:7]] for r in v.steps.rows] == [
        ["s1.r1", "D1 · S1 — R1", "2 → 4", "+0,600", "3", "lengkapi bukti + perbaikan nyata", "Dok 3; Dok 4"],
        ["s2.r1", "D2 · S2 — R1", "2 → 4", "+0,600", "4", "perbaikan nyata", "Dok 3; Dok 4"]]
    assert v.path_total[0].startswith("2 kriteria, +1,200 poin -> 3,00; biaya 7")
    assert rh.predicted_after == pytest.approx(3.0)  # re-scored with both raises: 1.8 + 0.6 + 0.6
    # 10 days: final check 2, work 8, evidence ceil(40 % of 8) = 4 -> widths 40 / 40 / 20 %
    assert [(p.key, p.width, p.start, p.end) for p in v.phases] == [
        ("evidence", 40.0, "1 Desember 2026", "5 Desember 2026"),
        ("improve", 40.0, "5 Desember 2026", "9 Desember 2026"),
        ("final-check", 20.0, "9 Desember 2026", "11 Desember 2026")]
    assert v.phases[0].text.endswith("(1 bukti, 0,300 poin)") and v.phases[1].text.endswith("(3 bukti, 0,900 poin)")
    assert v.plan_intro.startswith("Dari 1 Desember 2026 sampai tahap II pada 11 Desember 2026 (10 hari).")
    assert v.owners.endswith(": Bappeda, Diskominfo")
    en = rehearsal_view(rh, "en", plan)
    assert [p.end for p in en.phases] == ["December 5, 2026", "December 9, 2026", "December 11, 2026"]
    assert [r.cells[3].text for r in en.steps.rows] == ["+0.600", "+0.600"]
    # without a date: the hint to pass --until, no timeline
    nodate = rehearsal_view(rh, "id")
    assert nodate.phases == () and "--until" in nodate.plan_intro


def test_path_variants_top_band_and_unreachable():
    rh, plan = _rehearsal()
    top = rehearsal_view(dataclasses.replace(rh, path=None), "id", plan)
    assert len(top.path_lines) == 1 and top.steps is None and top.path_total == ()
    assert dataclasses.replace(rh, path=None).predicted_after is None
    far = dataclasses.replace(rh.path, steps=(), reached=False, max_reachable=2.85)
    v = rehearsal_view(dataclasses.replace(rh, path=far), "id", plan)
    assert v.steps is None and "2,85" in v.path_lines[1] and "2 level" in v.path_lines[1]


def test_checklist_view_by_hand():
    rh, plan = _rehearsal()
    v = checklist_view(rh, "id", plan)
    # the claimed level's missing document first (0.3 at risk, due when the evidence phase ends),
    # then each real improvement's evidence at the level's gain (0.3), due when the work phase ends
    rows = [[c.value for c in r.cells[:10]] for r in v.table.rows]
    assert rows == [
        [0.3, "lengkapi bukti", "s1.r1", "D1 · S1 — R1", 1, 3, "Dok 3", 'tertulis "Ada di Dinas Perkim": perlu dicek',
         "Bappeda", dt.date(2026, 12, 5)],
        [0.3, "perbaikan nyata", "s1.r1", "D1 · S1 — R1", 1, 4, "Dok 4", "", "Bappeda", dt.date(2026, 12, 9)],
        [0.3, "perbaikan nyata", "s2.r1", "D2 · S2 — R1", 1, 3, "Dok 3", "", "Diskominfo", dt.date(2026, 12, 9)],
        [0.3, "perbaikan nyata", "s2.r1", "D2 · S2 — R1", 1, 4, "Dok 4", "", "Diskominfo", dt.date(2026, 12, 9)]]
    assert [r.cells[0].text for r in v.table.rows] == ["0,300"] * 4
    assert v.table.rows[0].cells[9].text == "5 Desember 2026"
    assert [c.key for c in v.table.columns][-3:] == ["due", "done", "notes"]
    assert "11 Desember 2026" in v.note and "5 Desember 2026" in v.note
    assert v.sheet == "daftar_bukti" and v.done_options == "Sudah,Belum"
    en = checklist_view(rh, "en", plan)
    assert [r.cells[0].text for r in en.table.rows] == ["0.300"] * 4 and en.table.rows[0].cells[9].text == "December 5, 2026"
    assert checklist_view(rh, "id").note != v.note  # no date: the hint instead of the due dates


def test_terminal_lists_less_than_the_page():
    long = "Dokumen ada di lemari arsip lantai dua gedung Bappeda sebelah ruang rapat besar utama"
    rh, plan = _rehearsal(written_l3=long)
    page, term = rehearsal_view(rh, "id", plan), rehearsal_view(rh, "id", plan, check_chars=60)
    assert page.checks[0].text == long
    assert term.checks[0].text == long[:59] + "…"


def test_renderers_only_lay_out_the_view():
    """The text, the page and the checklist show what the view says, escaped where they must be."""
    rh, plan = _rehearsal()
    v = rehearsal_view(rh, "id", plan)
    v = dataclasses.replace(v, title="<b>Gladi</b> =1+1", headline="HEADLINE FROM THE VIEW")
    text = render_text(v)
    assert text.splitlines()[0] == "<b>Gladi</b> =1+1" and "HEADLINE FROM THE VIEW" in text
    lines = text.splitlines()
    assert "Indeks keseluruhan   2,10            1,80        1,50                    +0,30" in lines
    assert "  D1                 2,60            2,00        2,10                    -0,10" in lines  # indented
    html = render_html(v)
    assert "<title>&lt;b&gt;Gladi&lt;/b&gt; =1+1</title>" in html and "HEADLINE FROM THE VIEW" in html
    assert '<td class="k-score rh-strong" data-label="Didukung bukti">1,80</td>' in html
    assert 'style="flex-grow: 40.0"' in html and "<code>penilaian_mandiri!F12</code>" in html
    c = dataclasses.replace(checklist_view(rh, "id", plan), title="=HYPERLINK(\"x\")")
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(render_checklist(c))).active
    assert ws["A1"].value == "'=HYPERLINK(\"x\")"  # a formula is neutralised
    assert [ws.cell(row=5, column=j).value for j in (1, 3, 5, 6)] == [0.3, "s1.r1", 1, 3]
    assert ws["J5"].value.date() == dt.date(2026, 12, 5) and ws["J5"].number_format == "yyyy-mm-dd"


def test_api_doc_rehearsal_example_runs(monkeypatch, tmp_path):
    """docs/api.md, "Rehearsal": the example runs as written (sample path made absolute)."""
    import re
    from pathlib import Path

    from scorecard.resources import indicators_dir

    doc = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    section = doc.split("## Rehearsal", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    code = code.replace('"indicators/contoh_rehearsal_kota_balikpapan.xlsx"',
                        repr(str(indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx")))
    monkeypatch.chdir(tmp_path)
    env: dict = {}
    exec(compile(code, "docs/api.md", "exec"), env)
    assert env["view"].prediction.rows[0].cells[2].text == "3.26"  # as the comment in the doc says
    assert env["html"].startswith("<!DOCTYPE html>") and env["xlsx"][:2] == b"PK"
    assert env["rh"].predicted_after == pytest.approx(env["rh"].path.start + env["rh"].path.gain)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_shown_points_add_up_or_the_page_says_why(lang):
    """The shipped rehearsal sample (stage 2): the path's eight steps show +0.006 and seven times
    +0.033 (exact 1/180 and 1/30), which add up to 0.237, while the total is 0.239 (7/30 + 1/180 =
    0.23889); the four criteria at risk show -0.02 x 3 and -0.01 (1/60 x 3 + 1/180 = 0.05556), which
    add up to 0.07, while the title says 0.06. Each table gets one sentence saying so; the
    rounding_note helper says nothing when the shown parts add up."""
    import re

    from click.testing import CliRunner

    from scorecard.cli import cli
    from scorecard.resources import indicators_dir
    from scorecard.rehearsal_view import rounding_note

    book = indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx"
    res = CliRunner().invoke(cli, ["--lang", lang, "rehearse", str(book), "--stage", "2"])
    assert res.exit_code == 0, res.output
    text = res.stdout
    num = (lambda s: float(s.replace(",", "."))) if lang == "id" else float
    steps = [num(m) for m in re.findall(r"→ \d\s+\+(\d[.,]\d{3})\s", text)]
    assert len(steps) == 8 and round(sum(steps), 3) == 0.237
    if lang == "en":
        assert ("Each row's points are rounded to 3 decimals and add up to 0.237; the total is 0.239 because it "
                "adds the unrounded points.") in text
        assert "total -0.06 points" in text and ("Each row's points are rounded to 2 decimals and add up to 0.07; "
                                                 "the total is 0.06 because it adds the unrounded points.") in text
    else:
        assert ("Poin per baris dibulatkan ke 3 desimal dan jumlahnya 0,237; totalnya 0,239 karena dijumlahkan "
                "dari poin yang belum dibulatkan.") in text
        assert "total -0,06 poin" in text and "dibulatkan ke 2 desimal dan jumlahnya 0,07; totalnya 0,06" in text

    class X:  # the helper's formatter: only the language and the catalogue
        def __init__(self, lang):
            self.lang = lang

        def t(self, key, **kw):
            from scorecard import i18n
            return i18n.t(f"rehearsal.{key}", self.lang, **kw)

    assert rounding_note(X(lang), [0.25, 0.125], 0.375, 3) == ""  # 0.250 + 0.125 = 0.375: nothing to say
    assert rounding_note(X(lang), [1 / 3] * 3, 1.0, 2) != ""  # 0.33 x 3 = 0.99, not 1.00


def test_html_rehearsal_carries_both_rounding_notes(tmp_path):
    from click.testing import CliRunner

    from scorecard.cli import cli
    from scorecard.resources import indicators_dir

    out = tmp_path / "g.html"
    res = CliRunner().invoke(cli, ["--lang", "en", "rehearse", str(indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx"),
                                   "--stage", "2", "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert page.count("add up to") == 2 and "add up to 0.237" in page and "add up to 0.07" in page
