"""Issue 13 point 9: the rubric the planner edited (init's copy beside the template) is the rubric used."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from openpyxl import load_workbook

from scorecard.cli import cli


def _init(tmp_path):
    out = CliRunner().invoke(cli, ["init", str(tmp_path / "kerja"), "--regions", "Kota Madiun,Kota Malang"],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return tmp_path / "kerja" / "template_smart_city.xlsx", tmp_path / "kerja" / "rubrik_smart_city.yaml"


def test_init_writes_a_hidden_memory_sheet(tmp_path):
    from scorecard.io.workbook_meta import sha256_of

    wb, rub = _init(tmp_path)
    book = load_workbook(wb)
    meta = book["_scorecard"]
    assert meta.sheet_state == "hidden"
    rows = {r[0]: r[1] for r in meta.iter_rows(values_only=True) if r[0] != "opinion_prefilled"}
    assert rows == {"rubric_file": "rubrik_smart_city.yaml", "rubric_id": "smart_city",
                    "rubric_version": "2026.1", "rubric_sha256": sha256_of(rub)}
    assert book.sheetnames[0] == "Petunjuk"  # still opens on the instructions


def test_the_edited_copy_is_used_and_named_both_languages(tmp_path):
    wb, rub = _init(tmp_path)
    rub.write_text(rub.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.1-bappeda"'),
                   encoding="utf-8")
    for lang, said, valid in (
            ("id", "rubrik yang dipakai: rubrik_smart_city.yaml di samping workbook", "rubrik smart_city versi 2026.1-bappeda"),
            ("en", "rubric used: rubrik_smart_city.yaml beside the workbook", "rubric smart_city version 2026.1-bappeda")):
        out = CliRunner().invoke(cli, ["validate", str(wb), "--lang", lang], catch_exceptions=False)
        assert out.exit_code == 0, out.output
        assert said in out.stderr and valid in out.stdout
    # the same file given explicitly: no warning
    out = CliRunner().invoke(cli, ["validate", str(wb), "-r", str(rub), "--lang", "en"], catch_exceptions=False)
    assert "differs" not in out.stderr and "2026.1-bappeda" in out.stdout


def test_another_rubric_given_warns_and_a_moved_workbook_says_so(tmp_path):
    wb, rub = _init(tmp_path)
    rub.write_text(rub.read_text(encoding="utf-8").replace("min_coverage: 0.65", "min_coverage: 0.5"), encoding="utf-8")
    out = CliRunner().invoke(cli, ["validate", str(wb), "-r", "smart_city", "--lang", "en"], catch_exceptions=False)
    assert "this workbook was made for rubric rubrik_smart_city.yaml (id smart_city), but --rubric gives" in out.stderr
    assert "version 2026.1." in out.stdout  # the rubric given is the one used
    moved = tmp_path / "elsewhere.xlsx"
    shutil.copy(wb, moved)
    out = CliRunner().invoke(cli, ["validate", str(moved), "--lang", "id"], catch_exceptions=False)
    assert "workbook ini dibuat untuk rubrik rubrik_smart_city.yaml (id smart_city), tetapi berkas itu tidak ada" \
        in out.stderr
    assert "hidden" not in out.stderr and "tersembunyi" not in out.stderr  # the memory sheet is not "ignored"
