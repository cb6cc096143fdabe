"""The absolute reference beside a rank compares like with like: the region's own figure of the
reference year against the national median of that same year. Kota Balikpapan's workbook holds the
BPS 2021 poverty rate 2,89; the page once set it against the 2019 national median while the
national-context table just below showed 2,42 (2019) for the same region."""

from __future__ import annotations

import re

from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.io.reference_file import load_shipped
from scorecard.reference import national_median
from scorecard.resources import sample_workbook


def test_poverty_reference_is_the_reference_year_figure(tmp_path):
    ref = load_shipped()
    own = ref.value("64.71", "kemiskinan")
    med = national_median(ref, "kemiskinan")
    assert own is not None and med is not None and ref.layers["kemiskinan"].year == 2019
    for lang, words in (("id", "vs median nasional"), ("en", "vs national median")):
        out = tmp_path / f"bpp-{lang}.html"
        res = CliRunner().invoke(cli, ["--lang", lang, "report", str(sample_workbook()), "--focus", "Kota Balikpapan",
                                       "-o", str(out)])
        assert res.exit_code == 0, res.output
        html = out.read_text(encoding="utf-8")
        sep = "," if lang == "id" else "."
        own_txt = f"{own:.2f}".replace(".", sep)
        line = re.search(r"2019: ([0-9.,]+) " + words, html)
        assert line and line.group(1) == own_txt  # 2,42 — the 2019 figure, not the workbook's 2,89 (2021)
