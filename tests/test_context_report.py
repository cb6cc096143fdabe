"""The report's national context (issue 15): the focus region and each proposed host with value,
year, national median and percentiles; `--peers similar` names its 12 regions with reasons; every
page and sheet that shows a reference figure carries its attribution."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from scorecard import resources
from scorecard.cli import cli
from reference_texts import SOURCE_DAPOER

SAMPLE = str(resources.sample_workbook())


def run(args):
    return CliRunner().invoke(cli, args)


@pytest.fixture(scope="module")
def similar_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep") / "bpp.html"
    res = run(["report", SAMPLE, "--focus", "Kota Balikpapan", "--peers", "similar", "-o", str(out), "--excel"])
    assert res.exit_code == 0, res.output
    return out.read_text(encoding="utf-8"), load_workbook(out.with_suffix(".xlsx"))


def _section(html: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}">(.*?)</section>', html, re.S)
    assert m, sid
    return m.group(1)


def test_similar_report_names_its_12_regions_with_reasons(similar_report):
    html, _ = similar_report
    ctx = _section(html, "context")
    assert "Kelompok pembanding: 12 wilayah paling mirip" in ctx
    rows = re.findall(r'<tr data-code="(\d\d\.\d\d)">', ctx)
    assert len(rows) == 12 and "64.71" not in rows
    assert ctx.count("sama-sama kota") >= 8  # reasons, region by region
    # the ranking on the page is the focus region and exactly those 12
    ranking = _section(html, "ranking")
    assert all(code in ranking for code in rows)


def test_context_block_for_focus_and_hosts_with_year_median_percentiles(similar_report):
    html, _ = similar_report
    ctx = _section(html, "context")
    assert "IPM 2019" in ctx and "Kepadatan (jiwa/km²) 2024" in ctx
    assert "80,11" in ctx  # Balikpapan's IPM 2019 (INDO-DAPOER)
    assert "Median nasional" in ctx and "69,17" in ctx  # the national median IPM of the 514
    assert "persentil nasional 93 · provinsi 85" in ctx
    assert "calon tuan rumah" in ctx  # at least one proposed host beside the focus region


def test_attribution_on_every_page_and_sheet_with_a_reference_figure(similar_report, tmp_path):
    html, wb = similar_report
    ctx = _section(html, "context")
    assert SOURCE_DAPOER["id"] in ctx
    for name in ("Konteks nasional", "Wilayah paling mirip"):
        ws = wb[name]
        texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        assert any(SOURCE_DAPOER["id"] in t for t in texts), name
    # English report, the context command in every format, the init template's source cells
    en = tmp_path / "en.html"
    assert run(["report", SAMPLE, "--focus", "Kota Madiun", "-o", str(en), "--lang", "en"]).exit_code == 0
    assert SOURCE_DAPOER["en"] in _section(en.read_text(encoding="utf-8"), "context")
    for fmt in ("table", "json", "html"):
        assert SOURCE_DAPOER["id"] in run(["context", "--focus", "Kota Madiun", "--format", fmt]).stdout
    rec = run(["recommend", SAMPLE, "--focus", "Kota Balikpapan", "--peers", "similar", "--format", "json"])
    assert rec.exit_code == 0, rec.output
    assert SOURCE_DAPOER["id"] in json.loads(rec.stdout)["similar_peers"]["sources"]


def test_similar_needs_a_focus_and_is_refused_for_all(tmp_path):
    res = run(["score", SAMPLE, "--peers", "similar"])
    assert res.exit_code == 2 and "--focus" in res.output
    res = run(["report", SAMPLE, "--all", "--peers", "similar", "-o", str(tmp_path / "x")])
    assert res.exit_code == 2
    res = run(["score", SAMPLE, "--peers", "similar:0", "--focus", "Kota Madiun"])
    assert res.exit_code == 2 and "similar:K" in res.output


def test_score_and_recommend_with_similar_k(tmp_path):
    res = run(["score", SAMPLE, "--peers", "similar:5", "--focus", "Kota Madiun", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["peers"] == "similar" and len(data["regions"]) == 6
    res = run(["recommend", SAMPLE, "--focus", "Kota Madiun", "--peers", "similar:5"])
    assert res.exit_code == 0, res.output
    assert "Kelompok pembanding: 5 wilayah paling mirip" in res.stdout


def test_whatif_keeps_the_similar_group(tmp_path):
    res = run(["whatif", SAMPLE, "--focus", "Kota Balikpapan", "--peers", "similar", "--set", "total_pendapatan=1",
               "--format", "json"])
    assert res.exit_code == 0, res.output


def test_demo_report_has_the_context_section(tmp_path):
    res = run(["demo", "-o", str(tmp_path / "demo")])
    assert res.exit_code == 0, res.output
    page = next((tmp_path / "demo").glob("64.71-*.html")).read_text(encoding="utf-8")
    assert SOURCE_DAPOER["id"] in _section(page, "context")


def test_report_uses_a_newer_user_table_with_its_source(tmp_path):
    table = tmp_path / "ipm_2024.csv"
    table.write_text("wilayah,tahun,sumber,ipm\nKota Balikpapan,2024,\"BPS, IPM 2024\",83.5\n", encoding="utf-8")
    out = tmp_path / "r.html"
    res = run(["report", SAMPLE, "--focus", "Kota Balikpapan", "--reference", str(table), "-o", str(out)])
    assert res.exit_code == 0, res.output
    ctx = _section(out.read_text(encoding="utf-8"), "context")
    assert "IPM 2024" in ctx and "83,50" in ctx
    assert "Sumber: BPS, IPM 2024 (data tahun 2024; tabel referensi pengguna: ipm_2024.csv)" in ctx
    assert "Median tabel (n = 1)" in ctx  # a one-region table is not called national


def test_similar_is_refused_for_village_units_and_their_report_has_no_context(tmp_path):
    units = resources.indicators_dir() / "contoh_desa_units.csv"
    wb = str(resources.indicators_dir() / "contoh_desa.xlsx")
    base = [wb, "--rubric", "indeks_desa_contoh", "--units", str(units), "--focus", "33.08.01.2001"]
    res = run(["score", *base, "--peers", "similar"])
    assert res.exit_code == 1 and "kabupaten/kota" in res.output and "Traceback" not in res.output
    out = tmp_path / "desa.html"
    res = run(["report", *base, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert 'id="context"' not in out.read_text(encoding="utf-8")
