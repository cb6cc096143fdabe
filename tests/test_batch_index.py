"""The `report --all` index page (issue 19): links to every file written for a region, the
province(s) and the data year in the title, no doubled words, sortable, offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import cli

ROOT = Path(__file__).resolve().parent.parent
SMART = ROOT / "indicators" / "contoh_smart_city.xlsx"


def _doubled(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    return [a for a, b in zip(words, words[1:]) if a == b]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    res = CliRunner().invoke(cli.cli, ["report", str(SMART), "--all", "--excel", "-o", str(out), "-j", "1"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out, (out / "index.html").read_text(encoding="utf-8")


def test_index_links_each_html_and_excel_file(batch):
    out, html = batch
    links = re.findall(r'<a href="([^"]+)"', html)
    written = sorted(p.name for p in out.iterdir() if p.suffix in (".html", ".xlsx") and p.name != "index.html")
    assert len(written) == 45  # 15 regions x (page + visit brief + xlsx)
    assert sorted(links) == written  # every file linked once, nothing else (offline: no http link)
    assert "35.77-kota-madiun.xlsx" in links and "35.77-kota-madiun-telaahan.html" in links


def test_index_title_names_provinces_and_year_without_doubled_words(batch):
    _, html = batch
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert title == h1 == "Benchmark Kota Cerdas (Smart City) kabupaten/kota — 9 provinsi, data tahun 2024"
    assert not _doubled(title)
    assert "Laporan benchmark: Benchmark" not in html


def test_index_is_sortable_and_self_contained(batch):
    _, html = batch
    assert 'class="data sortable' in html or "sortable" in re.search(r'<table[^>]*id="t-index"[^>]*>', html).group(0)
    assert "<script>" in html and "src=" not in html  # the sorting script is inline
    assert not re.search(r"""(?:href|src)=["']https?://""", html)


def test_index_of_one_province_names_it(sample_one_province):
    from scorecard.analysis import Analysis
    from scorecard.io.html_report import render_index
    from scorecard.report_model import build_index

    result = sample_one_province
    files = {c: {"html": f"{c}.html", "xlsx": f"{c}.xlsx"} for c in result.codes}
    doc = render_index(build_index(Analysis(result), files, "en"))
    title = re.search(r"<h1>(.*?)</h1>", doc).group(1)
    assert "Jawa Timur" in title and "data year 2024" in title and not _doubled(title)
    assert "Province" not in re.search(r"<thead>.*?</thead>", doc, re.S).group(0)  # one province: no column
    assert doc.count("download .xlsx") == len(result.codes)


@pytest.fixture(scope="module")
def sample_one_province():
    """The sample scored, then every region placed in one province (the index reads the column)."""
    import dataclasses

    from scorecard.commands.common import load_inputs
    from scorecard.pipeline import score

    rubric, tables, notes = load_inputs(str(SMART), None)
    result = score(tables, rubric, notes=notes)
    regions = result.regions.copy()
    regions["provinsi"] = "Jawa Timur"
    return dataclasses.replace(result, regions=regions)
