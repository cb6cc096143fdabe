"""Nothing (or not everything) to score is said, with its place (issue 18, class 3).

End-to-end cases live in the corpus (category ``nothing``); here: the rubric key paths through
sub-dimensions, and `report` (one page and --all) saying why no region is ranked."""

from __future__ import annotations

from click.testing import CliRunner

from corpus.build_corpus import CLEAN_REGIONS, clean_sheets, rubric
from scorecard.cli import cli
from wbtools import write_workbook


def test_indicator_keys_follow_subdimensions():
    from types import SimpleNamespace as NS

    from scorecard.unscored import indicator_keys

    ind = lambda i: NS(id=i)  # noqa: E731
    leaf_a = NS(groups=(), indicators=(ind("a1"), ind("a2")))
    leaf_b = NS(groups=(), indicators=(ind("b1"),))
    nested = NS(groups=(NS(groups=(), indicators=(ind("c1"),)),), indicators=(ind("c1"),))
    rub = NS(dimensions=(NS(groups=(), indicators=(ind("x"),)), NS(groups=(leaf_a, leaf_b, nested), indicators=())))
    assert indicator_keys(rub) == {
        "x": "dimensions[0].indicators[0]",
        "a1": "dimensions[1].subdimensions[0].indicators[0]",
        "a2": "dimensions[1].subdimensions[0].indicators[1]",
        "b1": "dimensions[1].subdimensions[1].indicators[0]",
        "c1": "dimensions[1].subdimensions[2].subdimensions[0].indicators[0]",
    }


def _equal_workbook(tmp_path):
    regions = [[r[0], r[1], 80, 5, 10, 3] for r in CLEAN_REGIONS]
    sheets = clean_sheets(regions=regions, opinions=[[r[0], 2023, "WTP"] for r in CLEAN_REGIONS],
                          awards=[[r[0], 2023, "X", "governance", 1] for r in CLEAN_REGIONS])
    return write_workbook(tmp_path / "sama.xlsx", sheets), rubric(tmp_path)


def test_report_says_why_no_region_is_ranked(tmp_path):
    book, rub = _equal_workbook(tmp_path)
    for args in (["--focus", "Kota Madiun", "-o", str(tmp_path / "r.html")], ["--all", "-o", str(tmp_path / "semua")]):
        res = CliRunner().invoke(cli, ["report", str(book), "--rubric", str(rub), "--lang", "en", *args])
        assert res.exit_code == 0, res.output
        assert ("sama.xlsx: none of the 3 regions gets an overall score or a rank: every indicator has the "
                "same value for every region in its peer group (all regions in the workbook)") in res.stderr


def test_nothing_to_score_refuses_every_scoring_command(tmp_path):
    regions = [[r[0], r[1], None, None, None, None] for r in CLEAN_REGIONS]
    book = write_workbook(tmp_path / "kosong.xlsx", clean_sheets(regions=regions, opinions=[], awards=[]))
    rub = rubric(tmp_path)
    for cmd in (["score"], ["validate"], ["recommend", "--focus", "Kota Madiun"], ["report", "--focus", "Kota Madiun"],
                ["whatif", "--focus", "Kota Madiun", "--set", "pad=1"]):
        res = CliRunner().invoke(cli, [cmd[0], str(book), "--rubric", str(rub), *cmd[1:], "--lang", "en"])
        # validate: the workbook is correct, only empty (a fresh template): a warning; the others refuse
        assert res.exit_code == (0 if cmd == ["validate"] else 1), (cmd, res.output)
        label = "Warning" if cmd == ["validate"] else "Error"
        assert f"{label}: {book}, sheet 'wilayah': nothing can be scored: none of the 5 indicators of rubric " \
               "rubrik.yaml" in res.stderr, cmd
        assert not list(tmp_path.glob("*.html"))
