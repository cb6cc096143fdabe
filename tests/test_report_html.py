"""The HTML report: structure in both languages, escaping, no network, determinism, the command."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from examples import tiny_dimensions, tiny_rubric_yaml
from wbtools import REGION_HEADER, tiny_rubric, tiny_workbook, write_workbook

from scorecard import i18n, resources
from scorecard.cli import cli
from scorecard.commands.common import load_inputs
from scorecard.io.html_report import render_html, render_index, safe_href
from scorecard.pipeline import score
from scorecard.recommend import recommend
from scorecard.analysis import Analysis
from scorecard.report_model import build_index, build_report

SAMPLE = str(resources.sample_workbook())
FOCUS = "64.71"  # Kota Balikpapan
XSS = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","klik")'


# ----------------------------------------------------------------------------------------------
# A small DOM for assertions (stdlib html.parser)


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children, self.text_parts = tag, dict(attrs), parent, [], []

    def text(self) -> str:
        out = list(self.text_parts)
        for c in self.children:
            out.append(c.text())
        return re.sub(r"\s+", " ", " ".join(out)).strip()

    def iter(self, tag=None):
        for c in self.children:
            if tag is None or c.tag == tag:
                yield c
            yield from c.iter(tag)

    def find(self, tag, **attrs):
        for n in self.iter(tag):
            if all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items()):
                return n
        return None

    def classes(self):
        return set((self.attrs.get("class") or "").split())


VOID = {"meta", "br", "img", "input", "link", "hr", "source", "area", "col", "wbr"}


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text_parts.append(data)


def parse(html: str) -> Node:
    b = _Builder()
    b.feed(html)
    return b.root


def table_rows(doc: Node, table_id: str) -> tuple[list[str], list[list[Node]]]:
    t = doc.find("table", id=f"t-{table_id}")
    assert t is not None, table_id
    head = [th.text() for th in t.find("thead").iter("th")]
    rows = [list(tr.iter("td")) for tr in t.find("tbody").iter("tr")]
    return head, rows


# ----------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def sample():
    rubric, tables, notes = load_inputs(SAMPLE, None)
    result = score(tables, rubric, notes=notes)
    return result, recommend(result, FOCUS)


def fmt_id(x: float, d: int = 1) -> str:
    """Indonesian number format written out by hand: 1.234,5."""
    s = f"{x:,.{d}f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


# ----------------------------------------------------------------------------------------------
# Structure


@pytest.mark.parametrize("lang", ["id", "en"])
def test_sections_headings_and_tables(sample, lang):
    result, rec = sample
    doc = parse(render_html(build_report(Analysis(result, FOCUS, recommendation=rec), lang)))
    assert doc.find("html").attrs["lang"] == lang
    for sid in ("summary", "ranking", "profile", "weak-areas", "indicators", "methodology", "notes"):
        assert doc.find("section", id=sid) is not None, sid
    h2 = [h.text() for h in doc.iter("h2")]
    for key in ("summary", "ranking", "charts", "weak-areas", "indicators", "methodology", "notes"):
        assert i18n.t(f"report.label.{key}", lang) in h2
    assert doc.find("h1").text() == i18n.t("report.title", lang, region="Kota Balikpapan")
    # ranking: every region once, in rank order, the focus row marked
    head, rows = table_rows(doc, "ranking")
    assert head[0] == i18n.t("report.col.rank", lang)
    assert len(rows) == len(result.regions)
    ranks = [int(r[0].attrs["data-sort"].split(".")[0]) for r in rows]
    assert ranks == sorted(ranks) and ranks[0] == 1
    focus_rows = [tr for tr in doc.find("table", id="t-ranking").iter("tr") if "focus" in tr.classes()]
    assert len(focus_rows) == 1 and focus_rows[0].attrs["data-code"] == FOCUS
    # charts are inline SVG
    assert doc.find("figure", id="fig-radar").find("svg") is not None
    assert doc.find("figure", id="fig-bar").find("svg") is not None
    # one section per weak area shown, each with its indicators and candidate hosts
    articles = [a for a in doc.iter("article") if "weak" in a.classes()]
    assert len(articles) == min(5, len(rec.weak_areas))
    assert doc.find("table", id="t-weak-0-hosts") is not None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_numbers_follow_the_language(sample, lang):
    result, rec = sample
    doc = parse(render_html(build_report(Analysis(result, FOCUS, recommendation=rec), lang)))
    score_ = float(result.overall[FOCUS])
    expected = fmt_id(score_) if lang == "id" else f"{score_:,.1f}"
    summary = doc.find("section", id="summary")
    facts = {dt.text(): dd.text() for dt, dd in zip(summary.iter("dt"), summary.iter("dd"))}
    assert facts[i18n.t("report.fact.score", lang)] == expected
    n = len(result.regions)
    rank = int(result.ranks.at[FOCUS, "overall"])
    assert facts[i18n.t("report.fact.rank", lang)] == f"{rank}/{n}"
    # a raw value above 1000: PAD per capita (Rp) of the focus region, with thousands separators
    head, rows = table_rows(doc, "indicators")
    pad = [r for r in rows if r[1].text() == result.rubric.indicator("pad_per_capita").name.get(lang)][0]
    value = float(result.values.at[FOCUS, "pad_per_capita"])
    assert value > 1000
    shown = pad[2].text().split(" ")[0]
    if lang == "id":
        assert re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", shown), shown
        assert float(shown.replace(".", "").replace(",", ".")) == pytest.approx(value, abs=0.051)
    else:
        assert re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", shown), shown
        assert float(shown.replace(",", "")) == pytest.approx(value, abs=0.051)


def test_heatmap_cells_follow_scores(sample):
    result, rec = sample
    doc = parse(render_html(build_report(Analysis(result, FOCUS, recommendation=rec), "id")))
    head, rows = table_rows(doc, "ranking")
    dims = [d.id for d in result.rubric.dimensions]
    first_dim = head.index([c for c in head if result.rubric.dimensions[0].name.id.endswith(c)][0])
    for tr in rows:
        code = tr[2].text()
        for j, dim in enumerate(dims):
            cell = tr[first_dim + j]
            s = float(result.dimension_scores.at[code, dim])
            assert f"heat-{min(9, int(s // 10))}" in cell.classes(), (code, dim, s)
            assert float(cell.attrs["data-sort"]) == pytest.approx(s)


def test_page_needs_no_network(sample):
    result, rec = sample
    html = render_html(build_report(Analysis(result, FOCUS, recommendation=rec), "id"))
    doc = parse(html)
    assert not list(doc.iter("link")) and not list(doc.iter("img")) and not list(doc.iter("iframe"))
    for node in doc.iter():
        assert "src" not in node.attrs, node.tag
        href = node.attrs.get("href")
        if href and node.tag != "a":
            pytest.fail(f"{node.tag} loads {href}")
    assert "@import" not in html and "url(" not in html
    assert "pygal.js" not in html and "kozea" not in html
    csp = [m for m in doc.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0].attrs["content"]


def test_render_is_deterministic(sample):
    result, rec = sample
    a = render_html(build_report(Analysis(result, FOCUS, recommendation=rec), "id"))
    b = render_html(build_report(Analysis(result, FOCUS, recommendation=recommend(result, FOCUS)), "id"))
    assert a == b


def test_safe_href_allows_only_http_and_local_report_names():
    assert safe_href("https://bpk.go.id/x") == "https://bpk.go.id/x"
    assert safe_href("index.html") == "index.html"
    assert safe_href("64.71-kota-balikpapan.html") == "64.71-kota-balikpapan.html"
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "../x.html", "//evil.com/x",
                "x.html?a=1", None, ""):
        assert safe_href(bad) is None


def test_index_page_links_every_report(sample):
    result, _ = sample
    hrefs = {c: f"{c}-x.html" for c in result.codes}
    doc = parse(render_index(build_index(Analysis(result), hrefs, "en")))
    links = [a.attrs["href"] for a in doc.iter("a")]
    assert sorted(links) == sorted(hrefs.values())
    assert "sortable" in doc.find("table", id="t-index").classes()


# ----------------------------------------------------------------------------------------------
# Escaping: text from the workbook, the registry and the rubric is never markup


def xss_inputs(tmp_path: Path) -> tuple[Path, Path]:
    wb = tiny_workbook(tmp_path / "xss.xlsx", extra_columns={
        "sumber": [XSS, FORMULA, "@SUM(1+1)"],  # G2..G4
        "sumber_pad": ["javascript:alert(2)", "https://malangkota.go.id/\"onmouseover=alert(3)", None]},
        opinions=[["Kota Madiun", 2023, "WTP"], ["Kota Malang", 2023, "WTP"], ["Kabupaten Bangka", 2023, "WDP"]],
        awards=[["Kota Madiun", 2023, "A", "governance", 3]])
    from openpyxl import load_workbook

    book = load_workbook(wb)  # a text cell that looks like a formula (openpyxl would write a formula)
    book["wilayah"]["G3"].data_type = "s"
    book.save(wb)
    dims = tiny_dimensions()
    dims[0]["name"] = XSS  # Tata kelola
    dims[0]["indicators"][0]["name"] = "<img src=x onerror=alert(4)>"  # SAKIP
    rubric_text = tiny_rubric_yaml(dimensions=dims)
    assert XSS in rubric_text and "onerror" in rubric_text
    rub = tiny_rubric(tmp_path / "xss.yaml", rubric_text)
    return wb, rub


def xss_result(tmp_path: Path):
    """The hostile inputs scored; region names come from the registry, so Kabupaten Bangka's is
    made hostile afterwards to check the renderers too."""
    wb, rub = xss_inputs(tmp_path)
    rubric, tables, notes = load_inputs(str(wb), str(rub))
    result = score(tables, rubric, notes=notes)
    regions = result.regions.copy()
    regions.loc["19.01", "name"] = XSS
    return dataclasses.replace(result, regions=regions)


def test_script_in_sources_rubric_labels_and_region_names_is_escaped(tmp_path):
    result = xss_result(tmp_path)
    assert result.tables.sources.at["35.73", "sumber"] == FORMULA
    html = render_html(build_report(Analysis(result, "35.77", recommendation=recommend(result, "35.77")), "en"))
    malang = render_html(build_report(Analysis(result, "35.73", recommendation=recommend(result, "35.73")), "en"))
    # the URL ends at the quote: the rest stays text and cannot become an attribute
    assert 'href="https://malangkota.go.id/"' in malang and "&#34;onmouseover=alert(3)" in malang
    assert not any(any(k.startswith("on") for k in n.attrs) for n in parse(malang).iter())
    assert FORMULA.replace('"', "&#34;") in malang  # shown as text, never evaluated
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    doc = parse(html)
    scripts = list(doc.iter("script"))
    assert len(scripts) == 1 and "alert" not in scripts[0].text()  # only our sorting script
    for node in doc.iter():
        assert not any(k.startswith("on") for k in node.attrs), (node.tag, node.attrs)
        if node.tag == "a":
            assert node.attrs["href"].startswith(("http://", "https://", "#")), node.attrs["href"]
    assert not any(a.attrs.get("href", "").startswith("javascript") for a in doc.iter("a"))
    # the hostile texts are visible as text
    text = doc.text()
    assert XSS in text and "<img src=x onerror=alert(4)>" in text and "javascript:alert(2)" in text


# ----------------------------------------------------------------------------------------------
# The command


def run(args, **kw):
    return CliRunner().invoke(cli, args, **kw)


def test_report_command_html_and_excel(tmp_path):
    out = tmp_path / "lap" / "balikpapan.html"
    res = run(["report", SAMPLE, "--focus", "Kota Balikpapan", "-o", str(out), "--excel"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert out.exists() and out.with_suffix(".xlsx").exists()
    assert str(out) in res.stdout and str(out.with_suffix(".xlsx")) in res.stdout
    assert parse(out.read_text(encoding="utf-8")).find("html").attrs["lang"] == "id"
    # same command again: byte-identical files
    first = out.read_bytes(), out.with_suffix(".xlsx").read_bytes()
    res = run(["report", SAMPLE, "--focus", "64.71", "-o", str(out), "--excel"], catch_exceptions=False)
    assert res.exit_code == 0
    assert (out.read_bytes(), out.with_suffix(".xlsx").read_bytes()) == first


def test_report_xlsx_output_path_writes_excel_only(tmp_path):
    out = tmp_path / "b.xlsx"
    res = run(["report", SAMPLE, "--focus", "Kota Balikpapan", "-o", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:2] == b"PK"
    assert not out.with_suffix(".html").exists()


@pytest.mark.parametrize("args,code", [
    ([], 2),  # neither --focus nor --all
    (["--focus", "Kota Balikpapan", "--all"], 2),
    (["--focus", "Kota Balikpapan", "-o", "x.pdf"], 2),
    (["--focus", "Kota Atlantis"], 1),
])
def test_report_command_errors(tmp_path, monkeypatch, args, code):
    monkeypatch.chdir(tmp_path)
    res = run(["report", SAMPLE, *args], catch_exceptions=False)
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_report_default_output_name_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run(["report", SAMPLE, "--focus", "Kota Balikpapan", "--excel"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    # the visit brief (telaahan staf) is written next to the report, which links to it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["64.71-kota-balikpapan-telaahan.html",
                                                          "64.71-kota-balikpapan.html", "64.71-kota-balikpapan.xlsx"]
    page = (tmp_path / "64.71-kota-balikpapan.html").read_text(encoding="utf-8")
    assert '<a href="64.71-kota-balikpapan-telaahan.html">Telaahan staf' in page


def test_report_usage_message_is_translated():
    res = run(["report", SAMPLE, "--lang", "en"])
    assert res.exit_code == 2
    assert i18n.t("report.cli.need-focus", "en") in res.output


def test_report_batch_all_regions_with_index(tmp_path):
    out = tmp_path / "all"
    res = run(["report", SAMPLE, "--all", "-o", str(out), "--jobs", "2", "--lang", "en"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "index.html" and not p.name.endswith("-brief.html"))
    briefs = sorted(p.name for p in out.glob("*-brief.html"))
    assert len(pages) == 15 and briefs == [p.replace(".html", "-brief.html") for p in pages]
    index = parse((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(a.attrs["href"] for a in index.iter("a")) == sorted(pages + briefs)
    page = parse((out / "64.71-kota-balikpapan.html").read_text(encoding="utf-8"))
    assert page.find("html").attrs["lang"] == "en"
    assert any(a.attrs.get("href") == "index.html" for a in page.iter("a"))
    assert any(a.attrs.get("href") == "64.71-kota-balikpapan-brief.html" for a in page.iter("a"))  # as report --focus
    assert i18n.t("report.cli.progress", "en") in res.stderr


def test_report_as_subprocess(tmp_path):
    out = tmp_path / "r.html"
    proc = subprocess.run([sys.executable, "-m", "scorecard", "report", SAMPLE, "--focus", "Kota Balikpapan",
                           "-o", str(out), "--lang", "en"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert i18n.t("report.cli.written", "en", path=str(out)) in proc.stdout
    doc = parse(out.read_text(encoding="utf-8"))
    assert doc.find("h1").text() == "Benchmark report: Kota Balikpapan"


def test_demo_writes_html_and_excel_report(tmp_path):
    res = run(["demo", "-o", str(tmp_path)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    html = tmp_path / "64.71-kota-balikpapan.html"
    assert html.exists() and html.with_suffix(".xlsx").exists()
    assert str(html) in res.stdout and str(html.with_suffix(".xlsx")) in res.stdout


def test_peer_group_of_one_region_still_gives_a_report(tmp_path):
    # Kota Balikpapan is the only Kalimantan Timur region of the sample: no peer to compare with
    out = tmp_path / "p.html"
    res = run(["report", SAMPLE, "--focus", "Kota Balikpapan", "--peers", "province", "-o", str(out), "--excel"],
              catch_exceptions=False)
    assert res.exit_code == 0, res.output
    doc = parse(out.read_text(encoding="utf-8"))
    _, rows = table_rows(doc, "ranking")
    assert len(rows) == 1
    summary = doc.find("section", id="summary")
    facts = {dt.text(): dd.text() for dt, dd in zip(summary.iter("dt"), summary.iter("dd"))}
    # a group of one has no relative score, rank or position (QA review of issue 13): not "1/1"
    assert facts[i18n.t("report.fact.rank", "id")] == "–"
    assert "belum dapat dibandingkan" in summary.text() and "Terdepan" not in summary.text()
    assert i18n.t("report.not-rated.trip", "id") in summary.text()


def test_index_shows_the_peer_group_column_only_for_grouped_runs():
    rubric, tables, notes = load_inputs(SAMPLE, None)
    for peers, expected in (("all", False), ("type", True)):
        result = score(tables, rubric, peers=peers)
        doc = parse(render_index(build_index(Analysis(result), {c: "x.html" for c in result.codes}, "en")))
        head, rows = table_rows(doc, "index")
        assert ("Group" in head) is expected, (peers, head)
        if expected:
            groups = {r[head.index("Group")].text() for r in rows}
            assert groups == {"kota", "kabupaten"}
            # ranks restart in each group: "1/10" and "1/5" both present
            assert {r[0].text() for r in rows} >= {"1/10", "1/5"}


def test_report_with_uncertainty_shows_a_reproducible_rank_interval(tmp_path):
    out = tmp_path / "u.html"
    args = ["report", SAMPLE, "--focus", "Kota Balikpapan", "--uncertainty", "-o", str(out), "--lang", "en"]
    res = run(args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    first = out.read_bytes()
    doc = parse(first.decode("utf-8"))
    summary = doc.find("section", id="summary")
    facts = {dt.text(): dd.text() for dt, dd in zip(summary.iter("dt"), summary.iter("dd"))}
    interval = facts[i18n.t("report.fact.rank-interval", "en")]
    m = re.fullmatch(r"median (\d+); 90% between (\d+) and (\d+)", interval)
    assert m and 1 <= int(m.group(2)) <= int(m.group(1)) <= int(m.group(3)) <= 15
    assert "seed 1" in doc.find("section", id="methodology").text()
    assert run(args, catch_exceptions=False).exit_code == 0
    assert out.read_bytes() == first  # default seed: the same report twice


def test_change_since_previous_year_when_the_workbook_has_several_years(tmp_path):
    rows = [
        ["Kota Madiun", "35.77", 82, 300, 1000, 5.0, 2024], ["Kota Malang", "35.73", "BB", 900, 2000, 4.0, 2024],
        ["Kabupaten Bangka", "19.01", 60.5, 150, 1500, 6.0, 2024],
        ["Kota Madiun", "35.77", 70, 200, 1000, 6.0, 2023], ["Kota Malang", "35.73", 85, 800, 2000, 4.5, 2023],
        ["Kabupaten Bangka", "19.01", 65, 300, 1500, 5.0, 2023],
    ]
    wb = write_workbook(tmp_path / "years.xlsx", {
        "wilayah": [REGION_HEADER + ["Tahun"], *rows],
        "opini_bpk": [["Wilayah", "Tahun", "Opini"], ["Kota Madiun", 2023, "WTP"], ["Kota Malang", 2023, "WTP"],
                      ["Kabupaten Bangka", 2023, "WDP"]],
        "penghargaan": [["Wilayah", "Tahun", "Penghargaan", "Kategori", "Jumlah"],
                        ["Kota Madiun", 2023, "A", "governance", 3]]})
    rub = tiny_rubric(tmp_path / "t.yaml")
    # the engine, year by year
    rubric, tables, notes = load_inputs(str(wb), str(rub), 2023)
    before = score(tables, rubric)
    rubric, tables, notes = load_inputs(str(wb), str(rub), 2024)
    now = score(tables, rubric)
    change = float(now.overall["35.77"] - before.overall["35.77"])
    up = int(before.ranks.at["35.77", "overall"] - now.ranks.at["35.77", "overall"])
    assert change > 0 and up == 1  # Madiun: 2nd in 2023, 1st in 2024
    out = tmp_path / "r.html"
    res = run(["report", str(wb), "--rubric", str(rub), "--focus", "Kota Madiun", "-o", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    doc = parse(out.read_text(encoding="utf-8"))
    summary = doc.find("section", id="summary")
    facts = {dt.text(): dd.text() for dt, dd in zip(summary.iter("dt"), summary.iter("dd"))}
    assert facts["Perubahan sejak 2023"] == f"+{fmt_id(change)} poin; naik 1 peringkat"
    head, rows_ = table_rows(doc, "dimensions")
    assert head[-1] == "Perubahan sejak 2023"
    gov = float(now.dimension_scores.at["35.77", "tata_kelola"] - before.dimension_scores.at["35.77", "tata_kelola"])
    assert rows_[0][-1].text() == ("+" if gov > 0 else "−") + fmt_id(abs(gov))
