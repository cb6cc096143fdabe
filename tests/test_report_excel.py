"""The Excel report: read back with openpyxl and opened by LibreOffice; values equal the engine's."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_report_html import FORMULA, XSS, xss_result

from scorecard import i18n, resources
from scorecard.commands.common import load_inputs
from scorecard.io.excel_report import render_xlsx
from scorecard.pipeline import score
from scorecard.recommend import recommend
from scorecard.analysis import Analysis
from scorecard.report_model import build_report

SAMPLE = str(resources.sample_workbook())
FOCUS = "64.71"
SHEETS_ID = ["Ringkasan", "Peringkat", "Dimensi", "Indikator", "Rekomendasi", "Sumber", "Metodologi"]
SHEETS_EN = ["Summary", "Ranking", "Dimensions", "Indicators", "Recommendations", "Sources", "Methodology"]


@pytest.fixture(scope="module")
def sample():
    rubric, tables, notes = load_inputs(SAMPLE, None)
    result = score(tables, rubric, notes=notes)
    return result, recommend(result, FOCUS)


@pytest.fixture(scope="module")
def xlsx_id(sample, tmp_path_factory):
    result, rec = sample
    path = tmp_path_factory.mktemp("xl") / "laporan.xlsx"
    path.write_bytes(render_xlsx(build_report(Analysis(result, FOCUS, recommendation=rec), "id")))
    return path


def header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def test_sheets_in_both_languages(sample, xlsx_id, tmp_path):
    assert load_workbook(xlsx_id).sheetnames == SHEETS_ID
    result, rec = sample
    en = tmp_path / "en.xlsx"
    en.write_bytes(render_xlsx(build_report(Analysis(result, FOCUS, recommendation=rec), "en")))
    assert load_workbook(en).sheetnames == SHEETS_EN


def test_ranking_values_are_numbers_equal_to_the_engine(sample, xlsx_id):
    result, _ = sample
    ws = load_workbook(xlsx_id)["Peringkat"]
    head = header(ws)
    col = {h: i for i, h in enumerate(head)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(result.regions)
    for row in rows:
        code = row[col["Kode"]]
        assert row[col["Skor"]] == pytest.approx(float(result.overall[code]), abs=1e-9)
        assert row[col["Peringkat"]] == int(result.ranks.at[code, "overall"])
        assert isinstance(row[col["Skor"]], float) and isinstance(row[col["Peringkat"]], int)
        assert row[col["Kelengkapan"]] == pytest.approx(float(result.coverage[code]))
        for d in result.rubric.dimensions:
            label = d.name.id.replace("Smart ", "")
            assert row[col[label]] == pytest.approx(float(result.dimension_scores.at[code, d.id]))
    # formats: ranks whole numbers, scores one decimal, coverage as percent
    second = ws[2]
    assert second[col["Peringkat"]].number_format == "0"
    assert second[col["Skor"]].number_format == "0.0"
    assert second[col["Kelengkapan"]].number_format == "0%"


def test_frozen_headers_filters_widths_and_colour_scales(xlsx_id):
    wb = load_workbook(xlsx_id)
    for name in ("Peringkat", "Dimensi", "Indikator"):
        ws = wb[name]
        assert ws.freeze_panes == "C2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.bold for c in ws[1])
    assert wb["Rekomendasi"].freeze_panes == "C2"  # the weak area and the host stay in view
    assert wb["Metodologi"].freeze_panes == "A2"
    ws = wb["Peringkat"]
    head = header(ws)
    score_col = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[head.index("Skor")]
    ranges = {str(r.sqref): [rule.type for rule in r.rules] for r in ws.conditional_formatting}
    assert ranges[f"{score_col}2:{score_col}16"] == ["colorScale"]
    # the region name column is wide enough for the longest name, and not absurdly wide
    name_col = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[head.index("Wilayah")]
    longest = max(len(c.value) for c in ws[name_col][1:])
    assert longest <= ws.column_dimensions[name_col].width <= 62


def test_indicator_sheet_long_format_with_values_and_sources(sample, xlsx_id):
    result, _ = sample
    ws = load_workbook(xlsx_id)["Indikator"]
    head = header(ws)
    col = {h: i for i, h in enumerate(head)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(result.regions) * len(result.rubric.indicators)
    seen = 0
    for row in rows:
        code, ind = row[col["Kode"]], row[col["ID indikator"]]
        value = result.values.at[code, ind]
        if value == value:  # not NaN
            assert row[col["Nilai"]] == pytest.approx(float(value))
            seen += 1
        assert row[col["Skor"]] == pytest.approx(float(result.indicator_scores.at[code, ind]))
    assert seen > 0
    sources = {row[col["Sumber / bukti"]] for row in rows}
    assert any("BPS" in (s or "") for s in sources)


def test_summary_and_recommendations(sample, xlsx_id):
    result, rec = sample
    wb = load_workbook(xlsx_id)
    ws = wb["Ringkasan"]
    assert ws["A1"].value == i18n.t("report.title", "id", region="Kota Balikpapan")
    labels = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(6, ws.max_row + 1)}
    assert labels[i18n.t("report.fact.score", "id")] == pytest.approx(float(result.overall[FOCUS]))
    assert labels[i18n.t("report.fact.rank", "id")] == int(result.ranks.at[FOCUS, "overall"])
    ws = wb["Rekomendasi"]
    head = header(ws)
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    hosts = {(r[head.index("Area lemah")], r[head.index("Kode")]) for r in rows}
    for w in rec.weak_areas:
        for c in rec.candidates.get(w.area_id, ()):
            assert (w.name.id, c.code) in hosts


def test_hostile_text_is_a_plain_string_never_a_formula(tmp_path):
    result = xss_result(tmp_path)
    out = tmp_path / "x.xlsx"
    out.write_bytes(render_xlsx(build_report(Analysis(result, "35.73", recommendation=recommend(result, "35.73")), "en")))
    wb = load_workbook(out)
    found = {"xss": False, "formula": False}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    found["xss"] |= XSS in c.value
                    found["formula"] |= c.value == FORMULA or FORMULA in c.value
    assert found == {"xss": True, "formula": True}
    # also at the XML level: no <f> element anywhere
    import zipfile

    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_excel_output_is_deterministic(sample, monkeypatch):
    result, rec = sample
    model = build_report(Analysis(result, FOCUS, recommendation=rec), "id")
    assert render_xlsx(model) == render_xlsx(model)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a = render_xlsx(model)
    import zipfile
    import io

    core = zipfile.ZipFile(io.BytesIO(a)).read("docProps/core.xml").decode()
    assert "2023-11-14T22:13:20Z" in core


@pytest.mark.libreoffice
def test_libreoffice_opens_the_workbook_and_reads_the_engine_values(sample, xlsx_id, libreoffice_path, tmp_path):
    """LibreOffice converts the ranking sheet to CSV (and the workbook to PDF); values equal the engine's."""
    result, _ = sample
    profile = tmp_path / "lo-profile"
    env_arg = f"-env:UserInstallation=file://{profile}"
    out = tmp_path / "out"
    # CSV of the second sheet (Peringkat): filter options ",34,76,1,,0,false,true,false,false,false,2"
    cmd = [libreoffice_path, env_arg, "--headless", "--convert-to",
           'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,2',
           "--outdir", str(out), str(xlsx_id)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    produced = sorted(out.glob("*.csv"))
    assert produced, (proc.stdout, proc.stderr)
    sheet = [p for p in produced if "Peringkat" in p.name] or produced
    rows = list(csv.reader(sheet[0].open(encoding="utf-8")))
    head = rows[0]
    assert head[:2] == ["Peringkat", "Wilayah"]
    col = {h: i for i, h in enumerate(head)}
    assert len(rows) - 1 == len(result.regions)
    for row in rows[1:]:
        code = row[col["Kode"]]
        # "formatted as shown" is off: LibreOffice writes the stored number, en-US locale (1033)
        assert float(row[col["Skor"]]) == pytest.approx(float(result.overall[code]), abs=1e-6)
        assert int(float(row[col["Peringkat"]])) == int(result.ranks.at[code, "overall"])
    pdf = subprocess.run([libreoffice_path, env_arg, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                          str(xlsx_id)], capture_output=True, text=True, timeout=240)
    assert pdf.returncode == 0, pdf.stderr
    data = (out / (Path(xlsx_id).stem + ".pdf")).read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") + data.count(b"/Type/Page") >= 2


def test_batch_excel_workbooks_hold_the_focus_regions_own_sheets(tmp_path):
    from click.testing import CliRunner

    from scorecard.cli import cli

    out = tmp_path / "all"
    res = CliRunner().invoke(cli, ["report", SAMPLE, "--all", "--excel", "-o", str(out), "--jobs", "2"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    books = sorted(out.glob("*.xlsx"))
    assert len(books) == 15
    wb = load_workbook(out / "64.71-kota-balikpapan.xlsx")
    # the command adds the national context sheet (issue 15, tests/test_context_report.py)
    assert wb.sheetnames == SHEETS_ID[:-1] + ["Konteks nasional"] + SHEETS_ID[-1:]
    # the region's own source once, on the Sources sheet; its rows say so in a few words
    region = _region_sources(None)[FOCUS]
    assert [r[2] for r in wb["Sumber"].iter_rows(min_row=2, max_row=2, values_only=True)] == [region]
    head = header(wb["Indikator"])
    cells = [r[head.index("Sumber / bukti")] or "" for r in wb["Indikator"].iter_rows(min_row=2, values_only=True)]
    assert not any(region in c for c in cells)
    assert sum(i18n.t("report.source.region-wide", "id") in c for c in cells) > len(cells) // 2
    # each value with its own indicator's format: Balikpapan's SPBE 3.05 keeps its two decimals
    ids = {r[1].value: r for r in wb["Indikator"].iter_rows(min_row=2)}
    assert ids["Indeks SPBE"][head.index("Nilai")].number_format == "#,##0.00"
    rubric, _, _ = load_inputs(SAMPLE, None)
    # indicator sheet: the focus region's indicators only (one row each), dimension sheet: its dimensions
    assert wb["Indikator"].max_row - 1 == len(rubric.indicators)
    assert wb["Dimensi"].max_row - 1 == len(rubric.dimensions)
    assert wb["Peringkat"].max_row - 1 == 15


# --- printed size (issue: the sample printed 54 A4 pages, Indikator 30, Rekomendasi 12) ---------------


def _region_sources(sample) -> dict[str, str]:
    """The workbook's own ``sumber`` cell of each region, read independently of the report."""
    rubric, tables, _ = load_inputs(SAMPLE, None)
    src = tables.sources
    return {str(code): str(v).strip() for code, v in zip(src.index if "code" not in src.columns else src["code"],
                                                          src["sumber"]) if isinstance(v, str) and v.strip()}


def test_a_region_wide_source_is_said_once_on_the_sources_sheet(sample, xlsx_id):
    result, _ = sample
    wb = load_workbook(xlsx_id)
    ws = wb["Indikator"]
    head = header(ws)
    col = {h: i for i, h in enumerate(head)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    region = _region_sources(sample)
    assert len(region) == len(result.regions)  # the sample gives every region a row source
    pointer = i18n.t("report.source.region-wide", "id")
    by_code: dict[str, list[str]] = {}
    for row in rows:
        by_code.setdefault(row[col["Kode"]], []).append(row[col["Sumber / bukti"]] or "")
    for code, cells in by_code.items():
        # the long region text is on no row; the rows relying on it point to the Sources sheet
        assert not any(region[code] in c for c in cells), code
        assert any(pointer in c for c in cells), code
        # a value's own source (sumber_<column>, BPS for the welfare figures) stays on its row
        assert any(c and pointer not in c for c in cells), code
    spbe = next(r for r in rows if r[col["Kode"]] == "35.78" and r[col["ID indikator"]] == "spbe")
    assert spbe[col["Sumber / bukti"]] == pointer
    miskin = next(r for r in rows if r[col["Kode"]] == "35.78" and r[col["ID indikator"]] == "miskin")
    assert "BPS" in miskin[col["Sumber / bukti"]] and pointer not in miskin[col["Sumber / bukti"]]
    # ... and said once per region on the Sources sheet, word for word
    src = wb["Sumber"]
    listed = {r[0]: r[2] for r in src.iter_rows(min_row=2, max_row=1 + len(result.regions), values_only=True)}
    assert listed == region
    note = src.cell(row=len(result.regions) + 3, column=1).value
    assert note == i18n.t("report.region-sources.note", "id")
    # one line per row: only rows with a long indicator name or a long own source are taller
    tall = [r for r in range(2, ws.max_row + 1) if ws.row_dimensions[r].height]
    assert len(tall) <= len(rows) // 10, len(tall)


def test_english_sources_sheet_has_no_indonesian_pointer(sample, tmp_path):
    result, rec = sample
    path = tmp_path / "en.xlsx"
    path.write_bytes(render_xlsx(build_report(Analysis(result, FOCUS, recommendation=rec), "en")))
    wb = load_workbook(path)
    head = header(wb["Indicators"])
    cells = [r[head.index("Source / evidence")] or "" for r in wb["Indicators"].iter_rows(min_row=2, values_only=True)]
    assert sum("region's source (Sources sheet)" in c for c in cells) > len(cells) // 2
    assert not any("lembar Sumber" in c for c in cells)
    assert header(wb["Sources"])[2].startswith("Region's source")


def test_value_decimals_rule_by_hand():
    from scorecard.report_model import value_decimals

    # entered figures keep the decimals the most precise value carries: 0.5, 1.2, 24 -> 0.5, 1.2, 24.0
    assert value_decimals([0.5, 1.2, 24], derived=False) == 1
    assert value_decimals([0.5, 1.25, 24.0], derived=False) == 2
    assert value_decimals([11, 9, 0], derived=False) == 0
    assert value_decimals([3.65, float("nan"), None], derived=False) == 2
    assert value_decimals([1.123456789], derived=False) == 4  # a spreadsheet's float tail is cut at 4
    assert value_decimals([0.00045, 0.1], derived=False) == 5  # ... unless the value needs more
    # computed figures: three significant digits of the smallest non-zero value
    assert value_decimals([8.2836, 0.71117], derived=True) == 3  # 8.284, 0.711
    assert value_decimals([56.198, 11.450, 0.0], derived=True) == 1  # 56.2, 11.5 (0 ignored)
    assert value_decimals([2027818.22, 330187.48], derived=True) == 0  # 2,027,818 and 330,187
    assert value_decimals([], derived=True) == 0


def test_value_column_has_one_number_format_per_indicator(sample, xlsx_id):
    ws = load_workbook(xlsx_id)["Indikator"]
    head = header(ws)
    ci, cv = head.index("ID indikator") + 1, head.index("Nilai") + 1
    formats: dict[str, set[str]] = {}
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(row=r, column=cv)
        if isinstance(cell.value, (int, float)):
            formats.setdefault(ws.cell(row=r, column=ci).value, set()).add(cell.number_format)
    assert all(len(f) == 1 for f in formats.values()), {k: f for k, f in formats.items() if len(f) > 1}
    one = {k: next(iter(f)) for k, f in formats.items()}
    # by hand from the sample's values (and the rubric's units)
    assert one["sakip"] == "#,##0.0"  # 79.8, 85, 86.5: 85.0 not 85
    assert one["spbe"] == "#,##0.00"  # 3.65 beside 3.8: 3.80
    assert one["miskin"] == '#,##0.00"%"'  # percent of population, stored as 5.23
    assert one["wtp_streak"] == '#,##0" tahun"'  # whole years
    assert one["awards_governance"] == "#,##0"  # a count
    assert one["wisatawan_per_penduduk"] == "#,##0.000"  # a ratio, smallest 0.711
    assert one["pad_per_capita"] == "#,##0"  # rupiah per resident, smallest 330,187
    # the stored value keeps full precision (the format only rounds what is shown)
    result, _ = sample
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=ci).value == "pad_per_capita")
    code = ws.cell(row=row, column=head.index("Kode") + 1).value
    assert ws.cell(row=row, column=cv).value == pytest.approx(float(result.values.at[code, "pad_per_capita"]))


def test_recommendations_wrap_the_long_area_name_and_print_area_and_host_on_every_slice(xlsx_id):
    ws = load_workbook(xlsx_id)["Rekomendasi"]
    head = header(ws)
    longest = max((ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)), key=len)
    assert len(longest) == 49  # "Derajat desentralisasi fiskal (PAD/pendapatan, %)"
    width = ws.column_dimensions["A"].width
    assert width <= 24 < len(longest)
    r = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == longest)
    assert ws.cell(row=r, column=1).alignment.wrap_text
    assert ws.row_dimensions[r].height >= 2 * 15  # two lines at least: the name is not cut off
    # the weak area and the host first, repeated on every printed slice and frozen on screen; the
    # reasons last, in two columns (what the host achieved, how it is like us), each its own slice
    assert head[:2] == [i18n.t("report.col.area", "id"), i18n.t("report.col.host", "id")]
    assert head[-2:] == [i18n.t("report.col.host-evidence", "id"), i18n.t("report.col.host-likeness", "id")]
    assert ws.cell(row=r, column=len(head)).alignment.wrap_text
    assert ws.print_title_cols in ("$A:$B", "A:B")
    breaks = sorted(b.id for b in ws.col_breaks.brk)  # 0-based index of the column right of a break
    assert breaks[-2:] == [len(head) - 2, len(head) - 1] and len(breaks) == 3
    # the recommender's 0-1 figures (total, match, criteria) in one format down each column:
    # 0.667 above 1.000, not 0.667 above 1
    for name in (i18n.t("report.col.total", "id"), i18n.t("report.col.host-match", "id")) + tuple(
            h for h in head if h.startswith("Kriteria")):
        j = head.index(name) + 1
        fmts = {ws.cell(row=r, column=j).number_format for r in range(2, ws.max_row + 1)
                if isinstance(ws.cell(row=r, column=j).value, (int, float))}
        assert fmts == {"#,##0.000"}, (name, fmts)


def test_a_text_after_a_number_is_indented(xlsx_id):
    """"79.8 BB", not "79.8BB": the grade (and the host code after the lead) starts one indent in."""
    ws = load_workbook(xlsx_id)["Indikator"]
    head = header(ws)
    grade = ws.cell(row=2, column=head.index("Predikat") + 1)
    assert grade.alignment.indent == 1 and grade.alignment.horizontal == "left"
    assert ws.cell(row=2, column=head.index("Indikator") + 1).alignment.indent == 0
