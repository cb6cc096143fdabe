"""Paper (issue 19): every Excel sheet and the HTML report print legibly on A4.

Unit tests check the print layout decisions with widths worked out by hand; the LibreOffice and
Chromium tests convert the real outputs to PDF and check the page size, the page count and that
no page is blank.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from openpyxl.styles import Alignment

from scorecard import cli
from scorecard.io import paper

ROOT = Path(__file__).resolve().parent.parent
SMART = ROOT / "indicators" / "contoh_smart_city.xlsx"
A4_LANDSCAPE = (841.89, 595.28)  # points


# ---------------------------------------------------------------------------------------------
# layout decisions, by hand


def test_lines_needed_wraps_words():
    assert paper.lines_needed("", 20) == 1
    # width 10 -> int(10 * 1.1) - 2 = 9 characters a line
    assert paper.lines_needed("aaaa bbbb cccc", 10) == 2  # "aaaa bbbb" (9) | "cccc"
    assert paper.lines_needed("aaaa bbbb\ncccc", 10) == 2
    assert paper.lines_needed("x" * 20, 10) == 3  # a long word breaks: 9 + 9 + 2


def _sheet(widths: list[float]) -> tuple[Workbook, object]:
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
        ws.cell(row=1, column=c, value=f"h{c}")
        ws.cell(row=2, column=c, value=1.0)
    return wb, ws


def test_a_table_that_fits_at_70_percent_is_one_page_wide():
    # 140 units <= 105 / 0.7 = 150: scaled to the width with 3 % slack, 105 * 0.97 / 140 = 72.75 -> 72 %
    _, ws = _sheet([20.0] * 7)
    got = paper.setup_page(ws, repeat_cols=2)
    assert got == {"scale": 0.72, "pages_wide": 1, "breaks": []}
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.scale == 72 and not ws.col_breaks.brk
    assert ws.print_title_rows == "$1:$1"


def test_a_wide_table_is_sliced_between_groups_with_the_key_columns_repeated():
    # keys 7 + 22 = 29; six groups of three 12-wide columns (36 each); a slice holds
    # 105 * 100 / 70 * 0.95 = 142.5 units: 29 + 3 * 36 = 137 fits, a fourth group does not
    widths = [7.0, 22.0] + [12.0] * 18
    _, ws = _sheet(widths)
    groups = ["k", "k"] + [f"d{i // 3}" for i in range(18)]
    got = paper.setup_page(ws, repeat_cols=2, groups=groups)
    assert got["pages_wide"] == 2 and got["breaks"] == [11]  # left of the 12th column (0-based 11)
    assert ws.page_setup.scale == paper.SPLIT_SCALE and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert [b.id for b in ws.col_breaks.brk] == [11]
    assert ws.print_title_cols == "$A:$B"


def test_a_group_wider_than_a_page_narrows_its_text_columns():
    # keys 29; one group 19 + 24 + 50 + 13 + 13 + 7 = 126 -> 155 > 142.5: the 50-wide text column
    # (column 5) gives up 12.5 units, in whole units: 13
    widths = [7.0, 22.0, 19.0, 24.0, 50.0, 13.0, 13.0, 7.0, 50.0, 21.0]
    _, ws = _sheet(widths)
    groups = ["k", "k"] + ["values"] * 6 + ["notes"] * 2
    got = paper.setup_page(ws, repeat_cols=2, groups=groups, shrinkable=[3, 4, 5, 9, 10])
    assert got["breaks"] == [8]
    assert ws.column_dimensions["E"].width == 37.0


def test_wrapped_rows_get_the_height_of_their_longest_cell():
    wb = Workbook()
    ws = wb.active
    ws.column_dimensions["A"].width = 10
    ws["A1"] = "aaaa bbbb cccc dddd"  # 9 characters a line: 2 lines
    ws["A1"].alignment = Alignment(wrap_text=True)
    ws["A2"] = "short"
    ws["A2"].alignment = Alignment(wrap_text=True)
    paper.fit_row_heights(ws, 1, 2)
    assert ws.row_dimensions[1].height == 2 * paper.LINE_HEIGHT + 2
    assert ws.row_dimensions[2].height is None


# ---------------------------------------------------------------------------------------------
# the real Excel report


@pytest.fixture(scope="module")
def report_files(tmp_path_factory):
    out = tmp_path_factory.mktemp("paper")
    res = CliRunner().invoke(cli.cli, ["--lang", "id", "report", str(SMART), "--focus", "Kota Bandung",
                                       "-o", str(out / "laporan.html"), "--excel"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out / "laporan.html", out / "laporan.xlsx"


def test_every_sheet_is_set_up_for_a4(report_files):
    _, xlsx = report_files
    wb = openpyxl.load_workbook(xlsx)
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.page_setup.orientation == "landscape", ws.title
        assert ws.oddFooter.right.text == "&P / &N", ws.title
        if ws.title != wb.worksheets[0].title:
            assert ws.print_title_rows == "$1:$1", ws.title  # the header on every page
        assert ws.page_setup.scale >= 70, ws.title  # 11 pt prints at 7.7 pt or larger


def test_dimension_sheet_breaks_between_dimensions(report_files):
    _, xlsx = report_files
    ws = openpyxl.load_workbook(xlsx)["Dimensi"]
    headers = [ws.cell(row=1, column=c).value for c in range(1, ws.max_column + 1)]
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks, "20 columns do not fit one page at a legible size"
    for b in breaks:  # a slice starts with a dimension's score column
        assert headers[b].endswith(": skor"), headers[b]
    assert ws.print_title_cols == "$A:$B"  # code and region on every slice


def test_wrapped_text_rows_are_tall_enough(report_files):
    _, xlsx = report_files
    wb = openpyxl.load_workbook(xlsx)
    for name in ("Rekomendasi", "Ringkasan", "Indikator"):
        ws = wb[name]
        widths = {c: ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in
                  range(1, ws.max_column + 1)}
        merged = {(r.min_row, r.min_col): sum(widths[c] or 8.43 for c in range(r.min_col, r.max_col + 1))
                  for r in ws.merged_cells.ranges}
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.alignment.wrap_text:
                    width = merged.get((cell.row, cell.column), widths[cell.column] or 8.43)
                    lines = paper.lines_needed(cell.value, width)
                    height = ws.row_dimensions[cell.row].height or paper.LINE_HEIGHT
                    assert height >= lines * paper.LINE_HEIGHT, (name, cell.coordinate, cell.value[:40])


# ---------------------------------------------------------------------------------------------
# PDF: LibreOffice for the workbook, Chromium for the HTML


def _pdf_pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for i in range(1, n + 1)]


def _page_sizes(pdf: Path) -> set[tuple[int, int]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return {(round(float(w)), round(float(h))) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+)", info)}


@pytest.mark.libreoffice
@pytest.mark.slow
def test_excel_report_prints_on_a4_without_blank_pages(report_files, libreoffice_path, tmp_path):
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils (pdfinfo) not installed")
    _, xlsx = report_files
    subprocess.run([libreoffice_path, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
                   capture_output=True, timeout=240, check=True)
    pdf = tmp_path / "laporan.pdf"
    pages = _pdf_pages(pdf)
    assert _page_sizes(pdf) == {(842, 595)}  # every page A4 landscape
    blank = [i + 1 for i, text in enumerate(pages) if len(text.split()) < 8]
    assert not blank, f"blank pages: {blank}"
    # each page says which sheet it is (header) and where it is (footer "p / n")
    for i, text in enumerate(pages, start=1):
        assert f"{i} / {len(pages)}" in text
    sheets = [re.search(r"· (\w+)", t).group(1) for t in pages]
    # Ringkasan 1 page, Peringkat 2 slices, Dimensi 2-3 slices (2-3 whole dimensions each)
    assert sheets.count("Ringkasan") == 1
    assert sheets.count("Peringkat") == 2 and 2 <= sheets.count("Dimensi") <= 3
    assert len(pages) <= 60, len(pages)  # 391 indicator rows in two slices are most of it


@pytest.mark.browser
@pytest.mark.slow
def test_html_report_prints_on_a4_without_blank_pages(report_files, chromium_path, chromium_args, tmp_path):
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils (pdfinfo) not installed")
    from playwright.sync_api import sync_playwright

    html, _ = report_files
    pdf = tmp_path / "laporan.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=chromium_args)
        page = browser.new_page()
        page.goto(html.as_uri())
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        browser.close()
    pages = _pdf_pages(pdf)
    assert _page_sizes(pdf) == {(595, 842)}  # @page size: A4 (portrait)
    blank = [i + 1 for i, text in enumerate(pages) if len(text.split()) < 8]
    assert not blank, f"blank pages: {blank}"
    assert 4 <= len(pages) <= 14, len(pages)
    assert "Ringkasan untuk pimpinan" in pages[0]


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    out = tmp_path_factory.mktemp("templates")
    for args in (["init", str(out / "data"), "--regions", "Kota Madiun,Kota Bandung"],
                 ["init", str(out / "gladi"), "--rehearsal"]):
        res = CliRunner().invoke(cli.cli, args, catch_exceptions=False)
        assert res.exit_code == 0, res.output
    return out / "data" / "template_smart_city.xlsx", next((out / "gladi").glob("*.xlsx"))


def test_template_sheets_are_set_up_for_a4_and_petunjuk_rows_fit(templates):
    for path in templates:
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            assert ws.page_setup.orientation == "landscape" and ws.page_setup.scale >= 70, (path.name, ws.title)
    pet = openpyxl.load_workbook(templates[0])["Petunjuk"]
    assert pet.print_area and pet.print_area.endswith(f"$F${pet.max_row}")  # the dropdown lists stay off paper
    widths = {c: pet.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, 7)}
    for row in pet.iter_rows(min_row=1, max_col=6):
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text and cell.coordinate not in pet.merged_cells:
                need = paper.lines_needed(cell.value, widths[cell.column]) * paper.LINE_HEIGHT
                assert (pet.row_dimensions[cell.row].height or paper.LINE_HEIGHT) >= need, cell.coordinate


@pytest.mark.libreoffice
@pytest.mark.slow
def test_templates_print_without_blank_pages(templates, libreoffice_path, tmp_path):
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils (pdfinfo) not installed")
    for path in templates:
        subprocess.run([libreoffice_path, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                       capture_output=True, timeout=240, check=True)
        pdf = tmp_path / (path.stem + ".pdf")
        pages = _pdf_pages(pdf)
        assert _page_sizes(pdf) == {(842, 595)}, path.name
        blank = [i + 1 for i, text in enumerate(pages) if len(text.split()) < 3]
        assert not blank, (path.name, blank)
        assert len(pages) <= 30, (path.name, len(pages))


@pytest.fixture(scope="module")
def other_pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    rehearsal = ROOT / "indicators" / "contoh_rehearsal_kota_balikpapan.xlsx"
    runs = {"index": (["report", str(SMART), "--all", "-o", str(out / "semua"), "-j", "1"], out / "semua" / "index.html"),
            "rehearsal": (["rehearse", str(rehearsal), "--stage", "2", "-o", str(out / "gladi.html")], out / "gladi.html")}
    if "context" in cli.COMMANDS:
        runs["context"] = (["context", "--focus", "Kota Madiun", "--format", "html", "-o", str(out / "konteks.html")],
                           out / "konteks.html")
    pages = {}
    for name, (args, path) in runs.items():
        res = CliRunner().invoke(cli.cli, args, catch_exceptions=False)
        assert res.exit_code == 0, res.output
        pages[name] = path
    return pages


@pytest.mark.browser
@pytest.mark.slow
def test_other_pages_print_on_a4_without_blank_pages(other_pages, chromium_path, chromium_args, tmp_path):
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils (pdfinfo) not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=chromium_args)
        page = browser.new_page()
        for name, html in other_pages.items():
            pdf = tmp_path / f"{name}.pdf"
            page.goto(html.as_uri())
            page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
            pages = _pdf_pages(pdf)
            assert _page_sizes(pdf) == {(595, 842)}, name
            blank = [i + 1 for i, text in enumerate(pages) if len(text.split()) < 8]
            assert not blank, (name, blank)
            assert len(pages) <= 6, (name, len(pages))
        browser.close()
