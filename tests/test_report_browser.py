"""The HTML report in headless Chromium (Debian package), opened from disk with the network blocked."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli

pytestmark = pytest.mark.browser
SAMPLE = str(resources.sample_workbook())


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "balikpapan.html"
    res = CliRunner().invoke(cli, ["report", SAMPLE, "--focus", "Kota Balikpapan", "-o", str(out)],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture()
def page(chromium_path, chromium_args):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=chromium_args)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        log = {"requests": [], "blocked": [], "console": [], "errors": []}

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                log["blocked"].append(r.request.url)
                r.abort()

        pg.route("**/*", route)
        pg.on("request", lambda req: log["requests"].append(req.url))
        pg.on("console", lambda m: log["console"].append((m.type, m.text)))
        pg.on("pageerror", lambda e: log["errors"].append(str(e)))
        pg.log = log
        yield pg
        browser.close()


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes) into rows of raw pixel bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


def test_opens_offline_without_errors_and_shows_charts(page, report_file, tmp_path):
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")
    log = page.log
    assert log["blocked"] == [] and all(u.startswith("file://") for u in log["requests"]), log["requests"]
    assert log["errors"] == []
    assert [c for c in log["console"] if c[0] in ("error", "warning")] == []
    # summary, ranking, heatmap, radar and bar charts, recommendations are on the page
    assert page.locator("#summary .headline").inner_text().startswith("Kota Balikpapan")
    assert page.locator("#t-ranking tbody tr").count() == 15
    assert page.locator("#t-ranking td.heat").count() >= 15 * 7
    assert page.locator("#fig-radar svg").count() == 1 and page.locator("#fig-bar svg").count() == 1
    assert page.locator("#fig-radar svg .serie-0 .line").count() >= 1  # the focus region's polygon
    assert page.locator("#fig-bar svg rect").count() >= 15
    assert page.locator("#t-weak-0-hosts tbody tr").count() >= 1
    assert page.locator("#fig-radar svg").bounding_box()["height"] > 200
    shot = page.screenshot(full_page=False)
    width, bpp, rows = png_pixels(shot)
    samples = [row[i:i + 3] for row in rows[::20] for i in range(0, width * bpp, bpp * 20)]
    distinct = len(set(samples))
    non_white = sum(1 for s in samples if s != b"\xff\xff\xff")
    assert distinct > 20 and non_white > len(samples) * 0.05, (distinct, non_white, len(samples))


def test_clicking_headers_sorts_the_ranking(page, report_file):
    page.goto(report_file.as_uri())

    def column(i):
        return page.locator(f"#t-ranking tbody tr td:nth-child({i})").evaluate_all(
            "cells => cells.map(c => c.getAttribute('data-sort'))")

    headers = page.locator("#t-ranking thead th")
    names = [h.strip() for h in headers.all_inner_texts()]
    score_i = next(i for i, n in enumerate(names, start=1) if n.startswith("Skor"))
    region_i = next(i for i, n in enumerate(names, start=1) if n.startswith("Wilayah"))
    before = [float(x) for x in column(score_i)]
    assert before == sorted(before, reverse=True)  # as rendered: best first
    page.locator(f"#t-ranking thead th:nth-child({score_i}) button").click()
    asc = [float(x) for x in column(score_i)]
    assert asc == sorted(before)
    assert page.locator(f"#t-ranking thead th:nth-child({score_i})").get_attribute("aria-sort") == "ascending"
    page.locator(f"#t-ranking thead th:nth-child({score_i}) button").click()
    assert [float(x) for x in column(score_i)] == sorted(before, reverse=True)
    page.locator(f"#t-ranking thead th:nth-child({region_i}) button").click()
    names_sorted = column(region_i)
    assert names_sorted == sorted(names_sorted, key=str.casefold) and names_sorted[0] == "Kabupaten Bangka"


def test_print_to_pdf_gives_a4_pages(page, report_file):
    page.goto(report_file.as_uri())
    page.emulate_media(media="print")
    assert page.locator("nav.toc").is_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 2  # summary, ranking, charts, … each start a page
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf  # A4 width in points
