"""`scorecard brief`: the telaahan staf (DOCX and HTML) on the embedded sample workbook.

The DOCX is read back with python-docx (structure, figures, questions) and, where LibreOffice is
installed, converted to PDF to check that it fits on one or two A4 pages."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli
from scorecard.commands.common import load_inputs
from scorecard.pipeline import score
from scorecard.recommend import recommend

SAMPLE = str(resources.sample_workbook())
SECTIONS_ID = ["I. Persoalan", "II. Praanggapan", "III. Fakta yang mempengaruhi", "IV. Analisis", "V. Kesimpulan",
               "VI. Saran", "Sumber data"]


@pytest.fixture(scope="module")
def sample():
    rubric, tables, report = load_inputs(SAMPLE, None)
    return score(tables, rubric, notes=report)


def docx_text(path: Path) -> list[str]:
    from docx import Document

    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            out.append(" | ".join(c.text for c in row.cells))
    return out


def test_brief_model_structure_and_questions(sample):
    from scorecard.brief import build_brief

    rec = recommend(sample, "64.71")
    b = build_brief(sample, rec, "id", today=dt.date(2025, 3, 4), workbook="contoh_smart_city.xlsx")
    assert [s.title for s in b.sections] == SECTIONS_ID
    assert b.header[2][1] == "4 Maret 2025"
    problem = b.sections[0].blocks[0].text
    assert problem.startswith("Kota Balikpapan berada di peringkat ") and "Smart Branding" in problem
    # the facts table: the first weak area with its score, benchmark and impact as in the recommendation
    table = next(bl for bl in b.sections[2].blocks if bl.kind == "table")
    w = rec.weak_areas[0]
    assert table.rows[1][0] == "Smart Branding" and table.rows[1][3] == "+5,93"
    assert table.rows[1][4] == rec.candidates[w.area_id][0].name
    # one host per area: the facts table names the host the trip uses for each area it covers
    trip_host = {a: s.name for s in rec.trip for a in s.areas}
    by_name = {w.area_id: w for w in rec.weak_areas}
    for row, w in zip(table.rows[1:], rec.weak_areas):
        if w.area_id in trip_host:
            assert row[4] == trip_host[w.area_id], row
    assert by_name["governance"] and trip_host["governance"] == trip_host["sakip"] == "Kota Madiun"
    # what to ask: one heading per stop, questions built from the gap in the area's own figures
    saran = b.sections[5].blocks
    asks = [bl.text for bl in saran if bl.kind == "sub"]
    assert asks == [f"Yang ditanyakan ke {s.name}" for s in rec.trip]
    qs = [row[0] for bl in saran if bl.kind == "bullets" for row in bl.rows]
    assert any("Wisatawan per penduduk: Bagaimana Kota Surabaya mencapai Wisatawan per penduduk 8,28 (kita 2,51)" in q
               for q in qs)
    # sources cite the workbook and the news of the Madiun visit
    src = [row[0] for bl in b.sections[6].blocks for row in bl.rows]
    assert src[0] == "Workbook contoh_smart_city.xlsx, data tahun 2024."
    assert any("ibukotakini.com" in s for s in src)


def test_questions_from_named_award_trend_and_budget():
    from types import SimpleNamespace

    from scorecard.brief import questions
    from scorecard.hosts import Reason

    cand = SimpleNamespace(name="Kota X", score=90.0, reasons=(
        Reason("rec.reason.value-grade", {"indicator": {"id": "SAKIP", "en": "SAKIP"}, "host": 85, "focus": 72.1,
                                          "host_grade": "A", "focus_grade": "BB"}),
        Reason("rec.reason.award-named", {"title": "Adipura Kencana", "year": "2023", "giver": "KLHK"}),
        Reason("rec.reason.grade-up", {"indicator": {"id": "SAKIP", "en": "SAKIP"}, "from": "BB", "to": "A",
                                       "start": "2021", "end": "2024"}),
    ))
    weak = SimpleNamespace(focus_score=40.0, indicators=("sakip",))
    qs = questions(cand, "SAKIP", weak, "id")
    assert qs[0] == ("Apa yang membedakan SAKIP A di Kota X dari BB kita menurut evaluator, dan rekomendasi "
                     "evaluasi mana yang mereka tindak lanjuti?")
    assert qs[1] == "Apa yang dinilai pada Adipura Kencana 2023 (KLHK), dan dokumen atau bukti apa yang mereka siapkan?"
    assert len(qs) == 2  # at most two per area: the trend question is the third
    en = questions(cand, "SAKIP", weak, "en")
    assert en[1].startswith("What was assessed for Adipura Kencana 2023 (KLHK)")


def test_cli_writes_docx_and_refuses_to_replace_a_foreign_file(tmp_path):
    out = tmp_path / "telaahan.docx"
    res = CliRunner().invoke(cli, ["brief", SAMPLE, "--focus", "Kota Balikpapan", "-o", str(out)],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    text = docx_text(out)
    assert text[0] == "TELAAHAN STAF"
    for title in SECTIONS_ID:
        assert title in text
    assert any(t.startswith("Kepada | : | Yth. Kepala Bappeda Kota Balikpapan") for t in text)
    # a re-run replaces its own file; a foreign file is refused (exit 1) unless --force
    again = CliRunner().invoke(cli, ["brief", SAMPLE, "--focus", "Kota Balikpapan", "-o", str(out)])
    assert again.exit_code == 0, again.output
    foreign = tmp_path / "catatan.docx"
    foreign.write_bytes(b"not mine")
    res = CliRunner().invoke(cli, ["brief", SAMPLE, "--focus", "Kota Balikpapan", "-o", str(foreign)])
    assert res.exit_code == 1 and foreign.read_bytes() == b"not mine"
    bad = CliRunner().invoke(cli, ["brief", SAMPLE, "--focus", "Kota Balikpapan", "-o", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 2


def test_html_in_english_has_no_indonesian_headings(tmp_path):
    out = tmp_path / "brief.html"
    proc = subprocess.run([sys.executable, "-m", "scorecard", "--lang", "en", "brief", SAMPLE, "--focus", "64.71",
                           "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert "<h1>STAFF BRIEF</h1>" in html and "<h2>VI. Recommendation</h2>" in html
    for word in ("Persoalan", "Saran", "Kesimpulan", "Yang ditanyakan", "poin skor total", "Menyetujui"):
        assert word not in html
    assert 'http-equiv="Content-Security-Policy"' in html


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("libreoffice") is None or shutil.which("pdfinfo") is None,
                    reason="needs LibreOffice Writer and poppler-utils")
@pytest.mark.parametrize("lang,focus", [("id", "Kota Balikpapan"), ("en", "Kabupaten Bangka")])
def test_docx_converts_to_one_or_two_pdf_pages(tmp_path, lang, focus):
    out = tmp_path / "b.docx"
    res = CliRunner().invoke(cli, ["--lang", lang, "brief", SAMPLE, "--focus", focus, "-o", str(out)],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=300, check=True)
    info = subprocess.run(["pdfinfo", str(tmp_path / "b.pdf")], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= 2


def test_sources_say_which_figures_they_qualify_and_name_the_method_in_words(sample):
    """QA item 4: no bare "ilustratif" line, no path the user does not have."""
    from scorecard.brief import build_brief

    rec = recommend(sample, "64.71")
    for lang, qual, method in (
            ("id", "ilustratif (contoh, bukan data resmi) — berlaku untuk SAKIP dan Reformasi Birokrasi "
                   "(Kota Balikpapan, Kota Surabaya, dan Kota Madiun).",
             "Metode: skor 0–100 tiap indikator dibandingkan dengan kuartil atas kelompok; tuan rumah dipilih"),
            ("en", "ilustratif (contoh, bukan data resmi) — applies to SAKIP and Bureaucratic reform "
                   "(Kota Balikpapan, Kota Surabaya, and Kota Madiun).",
             "Method: 0–100 scores per indicator compared with the peer-group top quartile; hosts chosen")):
        b = build_brief(sample, rec, lang, today=dt.date(2025, 3, 4), workbook="contoh_smart_city.xlsx")
        src = [row[0] for bl in b.sections[6].blocks for row in bl.rows]
        assert qual in src
        assert src[-1].startswith(method) and "scorecard --help" in src[-1]
        assert not any("docs/" in s for s in src)
        assert "ilustratif (contoh, bukan data resmi)" not in src  # never bare


def test_same_journey_sentence_keeps_the_region_name_capitalised(sample):
    from scorecard.brief import build_brief

    rec = recommend(sample, "64.71")
    b = build_brief(sample, rec, "id", today=dt.date(2025, 3, 4), workbook="contoh_smart_city.xlsx")
    subs = [bl.text for bl in b.sections[3].blocks if bl.kind == "sub"]
    assert any(s.endswith("Satu perjalanan dengan Kota Madiun (138 km).") for s in subs), subs


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["id", "en"])
def test_brief_weak_area_table_fits_a_phone_and_a4(tmp_path, lang, chromium_path, chromium_args):
    """The telaahan's weak-area table (village sample: 'Ketahanan lingkungan', host 'Desa
    Candirejo'; it was 446 px wide in a 362 px column, the host column hidden off screen): at
    390 px every weak area is a card whose figures carry their own column label and nothing
    scrolls sideways; at 1280 px and on A4 paper it stays a table inside the page."""
    from playwright.sync_api import sync_playwright

    village = resources.indicators_dir()
    out = tmp_path / "brief.html"
    res = CliRunner().invoke(cli, ["--lang", lang, "brief", str(village / "contoh_desa.xlsx"), "--rubric",
                                   "indeks_desa_contoh", "--units", str(village / "contoh_desa_units.csv"),
                                   "--focus", "Desa Cibodas", "-o", str(out)])
    assert res.exit_code == 0, res.output
    host = "Tuan rumah usulan" if lang == "id" else "Proposed host"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=chromium_args)
        phone = browser.new_page(viewport={"width": 390, "height": 800})
        phone.goto(out.as_uri())
        wrap = phone.query_selector("div.table-wrap")
        assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        cells = phone.query_selector_all("table.facts tbody tr:first-child td")
        # the first cell is the card's title (the area), the others read "label ... figure"
        labels = [c.evaluate("e => getComputedStyle(e, '::before').content") for c in cells]
        assert labels[0] == "none" and labels[-1] == f'"{host}"', labels
        assert cells[-1].inner_text().strip().startswith("Desa ")
        # every card's host is on screen, right of its label
        for td in phone.query_selector_all("table.facts tbody td:last-child"):
            box = td.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        desk = browser.new_page(viewport={"width": 1280, "height": 900})
        desk.goto(out.as_uri())
        assert desk.evaluate("getComputedStyle(document.querySelector('table.facts thead')).position") != "absolute"
        assert desk.evaluate("document.querySelector('div.table-wrap').scrollWidth"
                             " <= document.querySelector('div.table-wrap').clientWidth")
        desk.emulate_media(media="print")
        desk.set_viewport_size({"width": 658, "height": 900})  # A4 less 2 x 18 mm at 96 dpi
        assert desk.evaluate("getComputedStyle(document.querySelector('table.facts thead')).position") != "absolute"
        assert desk.evaluate("document.querySelector('table.facts').getBoundingClientRect().right"
                             " <= document.querySelector('main').getBoundingClientRect().right + 0.5")
        browser.close()


def _brief_texts(b) -> str:
    out = []
    for s in b.sections:
        for bl in s.blocks:
            out.append(getattr(bl, "text", "") or "")
            out.extend(str(c) for row in (getattr(bl, "rows", None) or []) for c in row)
            out.extend(str(i) for i in (getattr(bl, "items", None) or []))
    return "\n".join(out)


def test_leading_grades_in_the_readers_language(sample):
    """QA s4: the English brief asked about "Command centre Ada vs Tidak" (the workbook's words)
    while the page said Yes/No: a grade is said as the reader says it; an abbreviation stays."""
    from scorecard.brief import build_brief

    rec = recommend(sample, "11.73")
    en = _brief_texts(build_brief(sample, rec, "en", today=dt.date(2025, 3, 4), workbook="contoh_smart_city.xlsx"))
    idn = _brief_texts(build_brief(sample, rec, "id", today=dt.date(2025, 3, 4), workbook="contoh_smart_city.xlsx"))
    assert "Command centre Yes vs No" in en and "Ada vs Tidak" not in en
    assert "Command center Ada vs Tidak ada" in idn
