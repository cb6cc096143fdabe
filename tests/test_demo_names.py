"""QA issue 14 (trip review) item 5: `demo --lang en` writes English file names."""
from __future__ import annotations

from click.testing import CliRunner

from scorecard.cli import cli


def test_demo_file_names_follow_the_language(tmp_path):
    for lang, expected in (
            ("en", ["64.71-kota-balikpapan-brief.html", "64.71-kota-balikpapan.html", "64.71-kota-balikpapan.xlsx",
                    "recommendations.json", "scores.csv", "scores.json", "staff-brief.docx"]),
            ("id", ["64.71-kota-balikpapan-telaahan.html", "64.71-kota-balikpapan.html", "64.71-kota-balikpapan.xlsx",
                    "rekomendasi.json", "skor.csv", "skor.json", "telaahan-staf.docx"])):
        out = tmp_path / lang
        res = CliRunner().invoke(cli, ["--lang", lang, "demo", "-o", str(out)])
        assert res.exit_code == 0, res.output
        names = sorted(p.name for p in out.iterdir())
        assert [n for n in names if not n.startswith("index")] == expected, names
        for n in expected:
            assert str(out / n) in res.output
        if lang == "en":  # the English report links to the English brief
            assert 'href="64.71-kota-balikpapan-brief.html"' in (out / "64.71-kota-balikpapan.html").read_text("utf-8")
