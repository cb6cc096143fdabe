"""``-o FOLDER`` is refused (exit 1) with a file name to use instead, in the command's own format:
the brief suggests a DOCX, the report and rehearsal an HTML page, score what --format writes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.io.output import example_name
from scorecard.resources import indicators_dir

SAMPLE = str(indicators_dir() / "contoh_smart_city.xlsx")
REHEARSAL = str(indicators_dir() / "contoh_rehearsal_kota_balikpapan.xlsx")


@pytest.mark.parametrize(("args", "suggested"), [
    (["brief", SAMPLE, "--focus", "Kota Balikpapan"], "telaahan_staf.docx"),
    (["brief", SAMPLE, "--focus", "Kota Balikpapan", "--lang", "en"], "staff_brief.docx"),
    (["report", SAMPLE, "--focus", "Kota Balikpapan"], "laporan.html"),
    (["rehearse", REHEARSAL, "--stage", "1"], "laporan_gladi.html"),
    (["rehearse", REHEARSAL, "--stage", "1", "--format", "json"], "laporan_gladi.json"),
    (["score", SAMPLE], "hasil.txt"),
    (["score", SAMPLE, "--format", "csv", "--lang", "en"], "result.csv"),
    (["score", SAMPLE, "--format", "json"], "hasil.json"),
    (["recommend", SAMPLE, "--focus", "Kota Balikpapan"], "hasil.txt"),
])
def test_a_folder_as_output_suggests_a_file_of_the_commands_format(tmp_path, args, suggested):
    folder = tmp_path / "somedir"
    folder.mkdir()
    res = CliRunner().invoke(cli, [*args, "-o", str(folder)])
    assert res.exit_code == 1, res.output
    text = " ".join(res.output.split())
    assert f"-o {folder}/{suggested}." in text, text
    assert "hasil.json" not in text or suggested == "hasil.json"
    assert list(folder.iterdir()) == []  # nothing written


def test_example_name_by_kind_and_format():
    assert (example_name("brief").get("id"), example_name("brief").get("en")) == ("telaahan_staf.docx",
                                                                                  "staff_brief.docx")
    assert example_name("report", "json").get("id") == "laporan.html"  # a document kind keeps its format
    assert example_name("score", "csv").get("en") == "result.csv"
    assert example_name(None).get("id") == "hasil.json"  # no command running, no format: JSON
