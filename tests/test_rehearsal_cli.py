"""`scorecard init --rehearsal` then `scorecard rehearse`, through click and as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import openpyxl
import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.resources import indicators_dir

SAMPLE = str(indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_walkthrough_init_then_rehearse(tmp_path):
    res = run("init", str(tmp_path / "gladi"), "--rehearsal", "--regions", "Kota Balikpapan,Kota Samarinda")
    assert res.exit_code == 0, res.output
    book = tmp_path / "gladi" / "penilaian_mandiri_smart_city.xlsx"
    assert book.is_file() and (tmp_path / "gladi" / "smart_city_evaluation.yaml").is_file()
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["petunjuk", "profil", "penilaian_mandiri", "rekan", "level"]
    ws = wb["penilaian_mandiri"]
    # level drop-down on the criterion rows
    dv = ws.data_validations.dataValidation[0]
    assert dv.type == "list" and "3 - Berjalan" in dv.formula1
    assert "G2" in str(dv.sqref)
    assert wb["rekan"]["A2"].value == "Kota Samarinda"
    # the planner fills every criterion at level 2 with its level-2 evidence
    for row in ws.iter_rows(min_row=2):
        code = row[0].value
        if code and "/" not in code:
            row[6].value = "2 - Rintisan"
        elif code and code.endswith("/L2"):
            row[7].value = "SK Wali Kota 100/2024"
    wb.save(book)
    res = run("rehearse", str(book), "--stage", "1")
    assert res.exit_code == 0, res.output
    assert "Kota Balikpapan" in res.stdout
    assert "Indeks keseluruhan    2,00" in res.stdout
    assert "Bukti yang belum ada untuk level yang diklaim: 0" in res.stdout
    # from 2.0 the next band is 2.5: gap 0.5 = 30/60 -> 30 real Outcome/Impact levels, cost 60
    assert "Jalur ke Pita 2,5-3,0 (>= 2,50): dari indeks didukung bukti 2,00 (klaim 2,00), butuh +0,50" in res.stdout
    assert "1. Tidak ada bukti yang tinggal dilengkapi pada jalur ini." in res.stdout
    assert "biaya 60" in res.stdout
    assert "CONTOH ILUSTRATIF" not in res.stdout  # a real self-assessment is not labelled as a sample


def test_rehearse_table_english_and_json():
    res = run("rehearse", SAMPLE, "--stage", "2", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "REHEARSAL ESTIMATE, not an official score" in res.stdout
    assert "Overall index           3.32             3.26           3.05                         +0.21" in res.stdout
    assert ("Evidence-backed index: 3.26 — Band 3.0-3.5 (reading band, not an official predicate). "
            "Claimed in the self-assessment: 3.32; 0.06 points apart, from 4 criteria") in res.stdout
    assert "Criteria at risk in the tahap II verification" in res.stdout
    res = run("rehearse", SAMPLE, "--stage", "1", "--format", "json")
    out = json.loads(res.stdout)
    assert out["estimate"] is True and out["stage"] == 1
    assert out["illustrative"] is True  # the sample says its values are made up, and every output repeats it
    assert out["predicted"] == pytest.approx(3.261111, abs=1e-6)  # evidence-backed, in tahap I too
    assert out["claimed"]["overall"] == pytest.approx(3.316667, abs=1e-6)
    assert out["change"] == pytest.approx(3.261111 - 3.05, abs=1e-6)
    assert out["weights"] == {"profile": "2021", "label": "2021 (surat Kominfo B-1013/DJAI/AI.01.02/10/2021)",
                              "status": "public",
                              "weights": {"baseline": 10, "output": 20, "outcome": 30, "impact": 30, "quick_win": 10}}
    assert len(out["missing_evidence"]) == 4
    assert out["path"]["cost"] == 26 and out["path"]["predicted_after"] >= 3.5 - 1e-9
    assert out["path"]["start"] == pytest.approx(3.261111, abs=1e-6)


def test_weights_and_target_options():
    res = run("rehearse", SAMPLE, "--stage", "1", "--weights", "alt_jambiekspres", "--format", "json")
    out = json.loads(res.stdout)
    # 10/20/30/20/20 on the sample's claimed result-dimension indices
    expected = 0.1 * 4 + 0.2 * 4 + 0.3 * 52 / 18 + 0.2 * 51 / 18 + 0.2 * 4
    assert out["claimed"]["overall"] == pytest.approx(expected, abs=1e-6)
    # evidence-backed: Impact 48/18 and Quick Win 71/18
    assert out["predicted"] == pytest.approx(0.1 * 4 + 0.2 * 4 + 0.3 * 52 / 18 + 0.2 * 48 / 18 + 0.2 * 71 / 18,
                                             abs=1e-6)
    for text in ("3.4", "3,4"):
        res = run("rehearse", SAMPLE, "--stage", "1", "--target", text, "--format", "json")
        assert json.loads(res.stdout)["path"]["target"] == pytest.approx(3.4)
    assert run("rehearse", SAMPLE, "--stage", "1", "--target", "tinggi").exit_code == 2


def test_html_report_and_checklist(tmp_path):
    html = tmp_path / "laporan.html"
    res = run("rehearse", SAMPLE, "--stage", "2", "-o", str(html))
    assert res.exit_code == 0, res.output
    text = html.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'lang="id"' in text
    assert "PERKIRAAN GLADI" in text and "CONTOH ILUSTRATIF" in text and "Kota Balikpapan" in text
    assert "http://" not in text.replace("http://www.w3.org", "") and "<script src" not in text
    assert "Kota Samarinda" in text  # named as the one to ask on the Smart Living criteria
    xlsx = tmp_path / "daftar.xlsx"
    res = run("rehearse", SAMPLE, "--stage", "1", "-o", str(xlsx), "--lang", "en")
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(xlsx).active
    assert [c.value for c in ws[4]] == ["Points at stake", "Kind", "Criterion code", "Criterion", "Stage", "Level",
                                        "Evidence to prepare", "What the cell says", "Owner (OPD)", "Due", "Done",
                                        "Notes"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    missing = [r for r in rows if r[1] == "complete evidence"]
    assert sorted((r[2], r[5]) for r in missing) == [
        ("harmoni.impact", 3), ("kesehatan.impact", 3), ("mobilitas.impact", 3), ("pariwisata.quick_win", 4)]
    # the path's real improvements follow: 11 levels -> 11 evidence items
    assert len([r for r in rows if r[1] == "real improvement"]) == 11
    # sorted by points at stake (one level of an Outcome/Impact criterion = 1/60; Quick Win 1/180)
    points = [r[0] for r in rows]
    assert points == sorted(points, reverse=True) and points[0] == pytest.approx(1 / 60, abs=1e-3)
    assert rows[-1][2] == "pariwisata.quick_win" and rows[-1][0] == pytest.approx(1 / 180, abs=1e-3)
    # owners: the sub-dimension's suggested OPD; no --until: no due date, and the sheet says why
    assert {r[8] for r in rows if r[2] == "kesehatan.impact"} == {"Health Office (Dinas Kesehatan)"}
    assert all(r[9] is None for r in rows) and "--until" in ws["A3"].value


def test_html_escapes_workbook_text(tmp_path):
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb["profil"]
    ws["C2"].value = None  # no region: the name comes from --focus
    ws["C3"].value = None
    wb.save(tmp_path / "x.xlsx")
    out = tmp_path / "x.html"
    res = run("rehearse", str(tmp_path / "x.xlsx"), "--stage", "1", "--focus", "Kota Balikpapan", "-o", str(out))
    assert res.exit_code == 0, res.output
    assert "Kota Balikpapan" in out.read_text(encoding="utf-8")


def test_bad_level_names_sheet_row_column(tmp_path):
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb["penilaian_mandiri"]
    ws["G2"].value = "7"
    ws["A3"].value = "bukan.kode"
    ws.cell(row=ws.max_row + 2, column=1).value = "Catatan: diisi oleh Diskominfo"  # a note row is skipped
    wb["profil"]["C5"].value = "2030"
    wb.save(tmp_path / "bad.xlsx")
    res = run("rehearse", str(tmp_path / "bad.xlsx"), "--stage", "1")
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert "sheet 'penilaian_mandiri', baris 2, kolom G (Level): '7' bukan level yang sah" in res.stderr
    assert "sheet 'penilaian_mandiri', baris 3, kolom A (Kode): kode 'bukan.kode' tidak ada di instrumen" in res.stderr
    assert "sheet 'profil', baris 5, kolom C (Nilai): profil bobot '2030' tidak dikenal" in res.stderr
    assert "Catatan: diisi oleh Diskominfo' dilewati" in res.stderr and "3 kesalahan" in res.stderr


def test_input_and_usage_errors():
    assert run("rehearse", SAMPLE).exit_code == 2  # --stage is required
    assert run("rehearse", SAMPLE, "--stage", "3").exit_code == 2
    res = run("rehearse", SAMPLE, "--stage", "1", "--focus", "Kota Samarinda")
    assert res.exit_code == 1 and "64.71 Kota Balikpapan" in res.stderr
    # located at the option, which the text does not name a second time
    assert ("opsi --focus: 'Kota Samarinda' tidak cocok dengan wilayah di sheet profil (64.71 Kota Balikpapan). "
            "Kosongkan --focus atau beri wilayah yang sama.") in res.stderr
    assert res.stderr.count("--focus") == 2
    res = run("rehearse", SAMPLE, "--stage", "1", "--weights", "2099")
    assert res.exit_code == 1 and "2021, alt_jambiekspres" in res.stderr
    res = run("rehearse", SAMPLE, "--stage", "1", "--target", "9")
    assert res.exit_code == 1
    res = run("rehearse", SAMPLE, "--stage", "1", "-o", "x.pdf")  # the one ending rule: a usage error
    assert res.exit_code == 2 and ".json, .txt, .html, .htm, atau .xlsx" in res.stderr  # exactly what is accepted
    res = run("rehearse", "tidak_ada.xlsx", "--stage", "1")
    assert res.exit_code == 1 and "tidak_ada.xlsx" in res.stderr
    # a benchmark rubric is not an evaluation instrument (and vice versa)
    res = run("rehearse", SAMPLE, "--stage", "1", "--rubric", "smart_city")
    assert res.exit_code == 1 and "kind: evaluation" in res.stderr


@pytest.mark.parametrize("lang, where, column, advice", [
    ("id", "opsi --focus: wilayah 'Qwxzy' tidak ditemukan", "kolom", "berikan kodenya (mis. --focus 35.77"),
    ("en", "option --focus: region 'Qwxzy' is not among", "column", "give its code (e.g. --focus 35.77")])
def test_command_line_options_are_called_options_not_columns(lang, where, column, advice):
    """`rehearse -f Qwxzy` said "kolom --focus: … isi kolom Kode": an option typed on the command line
    is not a column, and there is no code column to fill; as score/recommend say it (Issue.option)."""
    res = run("--lang", lang, "rehearse", SAMPLE, "--stage", "1", "-f", "Qwxzy")
    assert res.exit_code == 1
    assert where in res.stderr and advice in res.stderr, res.stderr
    assert f"{column} --focus" not in res.stderr
    assert "isi kolom Kode" not in res.stderr and "fill the code column" not in res.stderr
    for args, opt in ((["--weights", "2099"], "--weights"), (["--target", "9"], "--target"),
                      (["-f", "Kota Samarinda"], "--focus")):
        res = run("--lang", lang, "rehearse", SAMPLE, "--stage", "1", *args)
        assert res.exit_code == 1 and f"{where.split()[0]} {opt}:" in res.stderr, res.stderr
        assert f"{column} {opt}" not in res.stderr


def test_broken_instrument_names_key_and_line(tmp_path):
    from scorecard.resources import rubrics_dir

    text = (rubrics_dir() / "smart_city_evaluation.yaml").read_text(encoding="utf-8")
    text = text.replace("      outcome: 30\n      impact: 30\n", "      outcome: tiga puluh\n      impact: 30\n", 1)
    text = text.replace("  max_raise: 2 ", "  max_raise: 0 ", 1)
    bad = tmp_path / "instrumen.yaml"
    bad.write_text(text, encoding="utf-8")
    line_w = text.splitlines().index("      outcome: tiga puluh") + 1
    res = run("rehearse", SAMPLE, "--stage", "1", "--rubric", str(bad), "--lang", "en")
    assert res.exit_code == 1
    assert f"key weights.profiles.2021.outcome, line {line_w}: value 'tiga puluh' does not fit" in res.stderr
    assert "key path.max_raise" in res.stderr


def test_rubrics_listing_includes_the_instrument():
    res = run("rubrics")
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("smart_city_evaluation"))
    assert "2024-sim.1" in line and line.split()[-2:] == ["6", "90"]
    assert run("rubrics", "show", "smart_city_evaluation").exit_code == 0
    res = run("score", SAMPLE, "--rubric", "smart_city_evaluation")
    assert res.exit_code == 1 and "scorecard rehearse" in res.stderr


def test_subprocess_rehearse(tmp_path):
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, "-m", "scorecard", "rehearse", SAMPLE, "--stage", "2", "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["verified"]["overall"] == pytest.approx(3.261111, abs=1e-6)
    assert [r["criterion"] for r in data["at_risk"]][:3] == ["harmoni.impact", "kesehatan.impact", "mobilitas.impact"]
    proc = subprocess.run([sys.executable, "-m", "scorecard", "rehearse", SAMPLE, "--stage", "9"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_every_problem_at_once_with_place(tmp_path):
    from scorecard.io.registry_file import load_registry
    from scorecard.io.rehearsal_file import load_instrument, read_assessment
    from scorecard.issues import InputError

    wb = openpyxl.load_workbook(SAMPLE)
    p = wb["profil"]
    p["C2"].value, p["C3"].value = "Kota Balikpapn", None
    p["C7"].value, p["C8"].value = "abc", 7
    wb["rekan"]["A3"].value, wb["rekan"]["B3"].value = "Madiun", None
    wb["rekan"]["E2"].value = "45%"
    wb["penilaian_mandiri"]["G2"].value = 3.5
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError) as exc:
        read_assessment(tmp_path / "bad.xlsx", load_instrument(None), load_registry(), current_year=2026)
    assert exc.value.report.tuples() == [
        ("profil", 2, "Nilai", "region-not-found"),
        ("profil", 7, "Nilai", "not-a-number"),
        ("profil", 8, "Nilai", "rehearsal-bad-score"),
        ("penilaian_mandiri", 2, "Level", "rehearsal-bad-level"),
        ("rekan", 2, "Baseline", "percent-not-expected"),
        ("rekan", 3, "Wilayah", "region-ambiguous"),
    ]
    # the messages render in both languages without missing parameters
    for issue in exc.value.report:
        assert issue.render("id") and issue.render("en")


@pytest.mark.libreoffice
def test_libreoffice_round_trip(tmp_path):
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    proc = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                           "ods", "--outdir", str(tmp_path), SAMPLE], capture_output=True, text=True, timeout=180)
    ods = tmp_path / "contoh_rehearsal_kota_balikpapan.ods"
    assert ods.is_file(), proc.stderr
    res = run("rehearse", str(ods), "--stage", "2", "--format", "json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["verified"]["overall"] == pytest.approx(3.261111, abs=1e-6) and out["path"]["cost"] == 26


def test_init_never_overwrites_a_filled_self_assessment(tmp_path):
    assert run("init", str(tmp_path), "--rehearsal", "--regions", "Kota Balikpapan").exit_code == 0
    book = tmp_path / "penilaian_mandiri_smart_city.xlsx"
    before = book.read_bytes()
    res = run("init", str(tmp_path), "--rehearsal", "--regions", "Kota Balikpapan")
    assert res.exit_code == 1 and "tidak ditimpa" in res.stderr
    assert book.read_bytes() == before
    # English writes its own file name next to it
    assert run("init", str(tmp_path), "--rehearsal", "--lang", "en").exit_code == 0
    assert (tmp_path / "smart_city_self_assessment.xlsx").is_file()


def test_top_band_and_unreachable_target(tmp_path):
    from test_rehearsal_fixtures import fill_workbook

    top = fill_workbook(tmp_path / "top.xlsx", lambda c: 5)
    res = run("rehearse", str(top), "--stage", "2")
    assert res.exit_code == 0, res.output
    assert "Sudah di pita tertinggi" in res.stdout
    assert json.loads(run("rehearse", str(top), "--stage", "2", "--format", "json").stdout)["path"] is None
    res = run("rehearse", SAMPLE, "--stage", "2", "--target", "5", "--format", "json")
    path = json.loads(res.stdout)["path"]
    # at most 2 levels up per criterion, never above 5: Baseline/Output/QW 4 -> 5, Outcome/Impact +2
    assert path["reached"] is False and path["steps"] == [] and path["max_reachable"] < 5
    res = run("rehearse", SAMPLE, "--stage", "2", "--target", "5", "--lang", "en")
    assert "Not reachable before the evaluation day" in res.stdout


def test_polish_one_look_no_numbering_glitch_no_paths_profiles_in_words(tmp_path):
    """Issue 16 point 6: the page uses the benchmark report's CSS unescaped (its font stack quotes
    "Segoe UI"), lists are numbered once, no output names a path the user does not have, and weight
    profiles are named by year and source in words."""
    import re

    html = tmp_path / "g.html"
    assert run("rehearse", SAMPLE, "--stage", "2", "--weights", "alt_jambiekspres", "-o", str(html)).exit_code == 0
    text = html.read_text(encoding="utf-8")
    style = text[text.index("<style>"):text.index("</style>")]
    assert '"Segoe UI"' in style and "&#34;" not in style  # shared CSS, not HTML-escaped
    assert re.search(r"<li>\s*\d+\.", text) is None  # no "1. 1. Kota Surabaya"
    assert "rubrics/" not in text and "smart_city_evaluation.yaml" not in text
    assert "smart_city_evaluation versi 2024-sim.1" in text and "scorecard rubrics show smart_city_evaluation" in text
    assert "tahun lain (berita Jambi Ekspres; tahunnya tidak jelas)" in text and "alt_jambiekspres" not in text
    for args in (["--format", "json"], ["--lang", "en"], []):
        res = run("rehearse", SAMPLE, "--stage", "1", "--weights", "alt_jambiekspres", *args)
        assert "rubrics/" not in res.stdout and ".yaml" not in res.stdout
    res = run("rehearse", SAMPLE, "--stage", "1", "--lang", "en")
    assert "2021 (Kominfo letter B-1013/DJAI/AI.01.02/10/2021) — public" in res.stdout
    # the instrument is printed by the command the banner names
    shown = run("rubrics", "show", "smart_city_evaluation")
    assert shown.exit_code == 0 and "version: \"2024-sim.1\"" in shown.stdout


def test_until_gives_due_dates_and_a_timeline(tmp_path):
    import datetime as dt

    until = dt.date.today() + dt.timedelta(days=50)
    xlsx = tmp_path / "c.xlsx"
    assert run("rehearse", SAMPLE, "--stage", "2", "--until", until.isoformat(), "-o", str(xlsx)).exit_code == 0
    ws = openpyxl.load_workbook(xlsx).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    due = {r[1]: r[9] for r in rows}
    # 50 days: final check min(7, 50 // 4) = 7 days; work window 43 days; evidence ceil(43 x 0.4) = 18
    today = dt.date.today()
    assert due["lengkapi bukti"].date() == today + dt.timedelta(days=18)
    assert due["perbaikan nyata"].date() == until - dt.timedelta(days=7)
    html = tmp_path / "t.html"
    assert run("rehearse", SAMPLE, "--stage", "2", "--until", until.isoformat(), "-o", str(html)).exit_code == 0
    text = html.read_text(encoding="utf-8")
    assert 'class="rh-timeline"' in text and "Cek ulang akhir dan gladi wawancara" in text
    # a date that is not ISO, or not in the future, is a usage error
    assert run("rehearse", SAMPLE, "--stage", "2", "--until", "06-11-2025").exit_code == 2
    assert run("rehearse", SAMPLE, "--stage", "2", "--until", "2020-01-01").exit_code == 2


def test_user_text_in_report_lines_is_one_line_and_visible():
    from scorecard.rehearsal_view import shown

    assert shown("Ada\x1b[31m di\nDinas\u200b Perkim") == "Ada\\x1b[31m di Dinas\\x200b Perkim"
    assert shown("x" * 100) == "x" * 59 + "…"


def test_until_in_the_past_or_unreadable_is_one_sentence_in_the_readers_language():
    import datetime as dt

    from scorecard import i18n
    from scorecard.commands.rehearse import stage_two_date

    # an injected "today": the check does not depend on the day the suite runs
    today = dt.date(2026, 11, 30)
    with pytest.raises(click.UsageError) as err:
        stage_two_date("2025-11-06", today, "id")
    assert err.value.message == ("Tanggal tahap II (6 November 2025) sudah lewat (hari ini 30 November 2026); "
                                 "berikan tanggal yang akan datang.")
    with pytest.raises(click.UsageError) as err:
        stage_two_date("2026-11-30", today, "en")  # today itself is not "coming"
    assert err.value.message == ("The tahap II date (November 30, 2026) has passed (today is November 30, 2026); "
                                 "give a date in the future.")
    with pytest.raises(click.UsageError) as err:
        stage_two_date("06-11-2025", today, "id")
    assert err.value.message == ('Tanggal tahap II "06-11-2025" tidak terbaca; tulis tahun-bulan-tanggal, '
                                 "mis. 2027-01-29 untuk 29 Januari 2027.")
    assert stage_two_date(" 2026-12-01 ", today, "id") == dt.date(2026, 12, 1)
    # through the CLI, with dates relative to the real today: exit 2, the sentence, no raw comparison
    past = dt.date.today() - dt.timedelta(days=3)
    res = run("rehearse", SAMPLE, "--stage", "2", "--until", past.isoformat())
    assert res.exit_code == 2
    assert f"Tanggal tahap II ({i18n.date(past, 'id')}) sudah lewat" in res.output and "<=" not in res.output
    res = run("rehearse", SAMPLE, "--stage", "2", "--until", past.isoformat(), "--lang", "en")
    assert res.exit_code == 2 and f"The tahap II date ({i18n.date(past, 'en')}) has passed" in res.output
    # the help's own example is not a date that has already passed
    helptext = run("rehearse", "--help").output
    assert "2025-11-06" not in helptext and "YYYY-11-06" in " ".join(helptext.split())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_checklist_prints_one_page_wide_legibly_with_its_header_whole(tmp_path, lang):
    import datetime as dt

    from scorecard.io import paper

    xlsx = tmp_path / "c.xlsx"
    until = dt.date.today() + dt.timedelta(days=40)
    res = run("rehearse", SAMPLE, "--stage", "2", "--until", until.isoformat(), "-o", str(xlsx), "--lang", lang)
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(xlsx).active
    widths = [ws.column_dimensions[chr(64 + j)].width for j in range(1, 13)]
    # every header word fits its column (no "Poin" pushed off a row by "dipertaruhkan" split in three),
    # and the header row is as tall as its tallest wrapped label
    for j, cell in enumerate(ws[4]):
        for word in str(cell.value).split():
            assert len(word) <= int(widths[j] * 1.1) - 2, (cell.value, widths[j])
        need = paper.lines_needed(str(cell.value), widths[j])
        assert ws.row_dimensions[4].height >= need * paper.LINE_HEIGHT, cell.value
    assert "Poin dipertaruhkan" == ws["A4"].value or lang == "en"
    # fit to the width only: a fixed scale of at least 70 % (11 pt prints >= 7.7 pt), not "fit to page";
    # the header row repeats on every page
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale >= 100 * paper.MIN_FIT_SCALE
    assert sum(widths) * ws.page_setup.scale / 100 <= paper.PAGE_WIDTH_CHARS
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$4:$4"
    # body rows are as tall as their wrapped text
    for r in range(5, ws.max_row + 1):
        need = max(paper.lines_needed(str(c.value), widths[c.column - 1]) for c in ws[r] if isinstance(c.value, str))
        assert (ws.row_dimensions[r].height or paper.LINE_HEIGHT) >= need * paper.LINE_HEIGHT, r
