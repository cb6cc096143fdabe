"""Issue 18 class 5 (QA item 11): an output path echoed back ("Ditulis:/Written:", "Laporan
ditulis", "Telaahan staf ditulis", init's list of files, report --all's summary) shows control
characters and bidi overrides as escapes (the same scorecard.issues.visible that error messages
use), never raw: a file name can hold ESC, BEL or U+202E."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli

SAMPLE = str(resources.sample_workbook())
NASTY = "a\x1b]0;PWN\x07\x1b[2Jb\u202e"
RAW = ("\x1b", "\x07", "\u202e")
SHOWN = "a\\x1b]0;PWN\\x07\\x1b[2Jb\\u202e"


def _clean(res) -> None:
    both = res.output + (res.stderr if res.stderr_bytes is not None else "")
    assert not any(ch in both for ch in RAW), repr(both[-300:])
    assert SHOWN in both, both[-400:]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_score_written_path_is_escaped(tmp_path, lang):
    res = CliRunner().invoke(cli, ["score", SAMPLE, "-o", str(tmp_path / f"{NASTY}.json"), "--lang", lang])
    assert res.exit_code == 0, res.output
    _clean(res)
    assert ("Ditulis:" if lang == "id" else "Written:") in res.stderr


@pytest.mark.parametrize("lang", ["id", "en"])
def test_report_and_brief_written_paths_are_escaped(tmp_path, lang):
    res = CliRunner().invoke(cli, ["report", SAMPLE, "--focus", "64.71", "-o", str(tmp_path / f"{NASTY}.html"),
                                   "--lang", lang])
    assert res.exit_code == 0, res.output
    _clean(res)
    res = CliRunner().invoke(cli, ["brief", SAMPLE, "--focus", "64.71", "-o", str(tmp_path / f"{NASTY}.docx"),
                                   "--lang", lang])
    assert res.exit_code == 0, res.output
    _clean(res)


def test_init_list_of_files_is_escaped(tmp_path):
    res = CliRunner().invoke(cli, ["init", str(tmp_path / NASTY), "--regions", "Kota Madiun"])
    assert res.exit_code == 0, res.output
    _clean(res)
