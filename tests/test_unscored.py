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


def test_recommend_whatif_brief_say_why_no_region_is_ranked(tmp_path):
    """recommend, whatif and brief warn as score does (located, in the reader's language) when no
    region gets an overall score; they used to print a table of "–" with no word why."""
    book, rub = _equal_workbook(tmp_path)
    en = (f"Warning: {book}: none of the 3 regions gets an overall score or a rank: every indicator has "
          "the same value for every region in its peer group (all regions in the workbook)")
    id_ = (f"Peringatan: {book}: tak satu pun dari 3 wilayah mendapat skor total atau peringkat: setiap "
           "indikator bernilai sama untuk semua wilayah di kelompok pembandingnya (semua wilayah di workbook)")
    for cmd in (["recommend", "--focus", "Kota Madiun"], ["whatif", "--focus", "Kota Madiun", "--set", "miskin=3"],
                ["brief", "--focus", "Kota Madiun", "-o", str(tmp_path / "b.html")]):
        for lang, words in (("en", en), ("id", id_)):
            res = CliRunner().invoke(cli, [cmd[0], str(book), "--rubric", str(rub), *cmd[1:], "--lang", lang, "--force"])
            assert res.exit_code == 0, (cmd, res.output)
            assert words in res.stderr and res.stderr.count(words) == 1, (cmd, res.stderr)


def test_whatif_says_what_the_change_leaves_without_a_score(tmp_path):
    """A change that makes a dimension unscorable is said, marked as the change's doing: Bangka's
    PAD share raised to the others' 30 % (poverty is 4.0 % everywhere) leaves 'Ekonomi' without a
    score after the change only (the workbook itself scores it); a change that alters nothing of
    the kind adds no warning."""
    regions = [["Kota Madiun", "35.77", 82, 300, 1000, 4.0], ["Kota Malang", "35.73", "BB", 600, 2000, 4.0],
               ["Kabupaten Bangka", "19.01", 60.5, 150, 1500, 4.0]]
    book = write_workbook(tmp_path / "w.xlsx", clean_sheets(regions=regions))
    rub = rubric(tmp_path)
    res = CliRunner().invoke(cli, ["whatif", str(book), "--rubric", str(rub), "--focus", "Kota Madiun",
                                   "--set", "pad=300", "--set", "pendapatan=1000", "--lang", "en"])
    assert res.exit_code == 0, res.output
    # Madiun 300/1000, Malang 600/2000, Bangka 150/1500: PAD shares 30 %, 30 %, 10 %; poverty equal.
    # After --set pad=... nothing changes for Madiun, so no warning at all: the workbook scores Ekonomi
    assert "after the --set change" not in res.stderr and "gets no score" not in res.stderr
    res = CliRunner().invoke(cli, ["whatif", str(book), "--rubric", str(rub), "--focus", "Kabupaten Bangka",
                                   "--set", "pad=450", "--lang", "id"])
    # Bangka 450/1500 = 30 %: every region 30 % and 4.0 % poor: Ekonomi has nothing to tell apart
    assert res.exit_code == 0, res.output
    assert (f"Peringatan: {rub}, kunci dimensions[1]: setelah perubahan --set: dimensi 'Ekonomi' tidak "
            "mendapat skor untuk wilayah mana pun") in res.stderr, res.stderr
    assert "Ekonomi" not in res.stderr.split("setelah perubahan")[0]  # the workbook as it is scores it


def test_recommend_title_counts_one_region(tmp_path):
    """A peer group of one: "(1 region)", not "(1 regions)"; and the warning says why it is unranked."""
    from scorecard import resources

    res = CliRunner().invoke(cli, ["recommend", str(resources.sample_workbook()), "--focus", "Kota Ambon",
                                   "--peers", "province", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "peer group: same province (1 region)\n" in res.stdout
    assert "the region gets no overall score or rank: its peer group (same province) holds no other region" \
        in res.stderr


def _result(order, overall, cover=(1.0, 1.0, 1.0)):
    """A scoring result of three regions whose frames list the regions in ``order`` (not the
    regions table's): the checks must not depend on how the frames happen to be ordered."""
    from types import SimpleNamespace as NS

    import numpy as np
    import pandas as pd

    codes = ["71.01", "71.02", "71.03"]
    regions = pd.DataFrame({"name": ["Kab. A", "Kab. B", "Kab. C"], "peer_group": ["all"] * 3}, index=codes)
    name = NS(id="Indikator satu", en="Indicator one")
    dims = (NS(id="d1", name="D1", indicators=(NS(id="i1", name=name),)),
            NS(id="d2", name="D2", indicators=(NS(id="i2", name=NS(id="Indikator dua", en="Indicator two")),)))
    rub = NS(dimensions=dims, source=None, missing=NS(min_coverage=0.9))
    values = pd.DataFrame({"i1": [1.0, 2.0, 3.0], "i2": [5.0, 5.0, 5.0]}, index=codes).loc[order]
    dim_scores = pd.DataFrame({"d1": [0.0, 50.0, 100.0], "d2": [np.nan] * 3}, index=codes).loc[order]
    status = pd.Series(["ok"] * 3 if overall else ["insufficient-data"] * 3, index=codes).loc[order]
    return NS(rubric=rub, tables=NS(file="w.xlsx"), regions=regions, peers="all",
              overall=pd.Series([1.0, 2.0, 3.0] if overall else [np.nan] * 3, index=codes).loc[order],
              values=values, dimension_scores=dim_scores, status=status,
              coverage=pd.Series(cover, index=codes).loc[order],
              codes=["71.03", "71.02", "71.01"])  # ranked: best first


def test_unscored_checks_do_not_depend_on_the_frames_row_order():
    from scorecard.unscored import unscored_issues

    for order in (["71.01", "71.02", "71.03"], ["71.03", "71.01", "71.02"]):
        issues = unscored_issues(_result(order, overall=True))
        assert [(i.code, i.key, i.params["dimension"]) for i in issues] == [("dimension-no-score", "dimensions[1]", "D2")]
        assert issues[0].params["why"].key == "unscored.dim.equal"  # i2 has data, all equal


def test_nothing_ranked_names_the_best_covered_region_in_ranked_order():
    """No overall score anywhere and every region below the coverage minimum: the region named is
    the best covered; on a tie, the first in ranked order (``result.codes``), whatever the frames'
    row order."""
    from scorecard.unscored import unscored_issues

    for order in (["71.01", "71.02", "71.03"], ["71.02", "71.01", "71.03"]):
        (issue,) = unscored_issues(_result(order, overall=False, cover=(0.5, 0.5, 0.25)))
        assert issue.code == "nothing-ranked"
        why = issue.params["why"]
        assert why.key == "unscored.none.coverage"
        assert why.params == {"min": 90, "best": 50, "region": "Kab. B"}  # 71.02 before 71.01 in codes
