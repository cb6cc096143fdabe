"""``report --all`` gives each region the advice ``report --focus`` gives it. With a peer group
smaller than the workbook (``--peers type``, ``province``), a clearly better host from outside the
group is proposed (docs/recommend.md, "Hosts outside the comparison group"); ``--all`` did not look
outside, so 9 of the sample's 15 regions (``type``) and 6 (``province``) got other hosts on the
province-wide pages than on their own report — Kabupaten Banyuwangi's trip went to Jombang and
Surabaya there, to Jombang and Sleman on its own report."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from scorecard import resources
from scorecard.analysis import analyse
from scorecard.cli import cli
from scorecard.commands.common import load_inputs

SAMPLE = str(resources.sample_workbook())


def _advice(rec) -> tuple:
    return ({w: [c.code for c in cs] for w, cs in rec.candidates.items()}, [s.code for s in rec.trip])


@pytest.mark.parametrize("peers", ["type", "province", "all"])
def test_every_region_gets_the_advice_of_its_own_report(peers):
    rub, tables, _ = load_inputs(SAMPLE, None)
    batch = analyse(tables, rub, peers=peers).with_wide()  # as report --all: scored once
    assert (batch.wide is None) == (peers == "all")
    for code in batch.score.codes:
        own = analyse(tables, rub, peers=peers, focus=code, recommend=True).recommendation
        assert _advice(batch.for_focus(code).recommendation) == _advice(own), code


def _hosts(path, sheet="Rekomendasi"):
    ws = load_workbook(path)[sheet]
    return [(r[0], r[1]) for r in ws.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_all_pages_and_the_own_report_name_the_same_hosts(tmp_path, lang):
    res = CliRunner().invoke(cli, ["--lang", lang, "report", SAMPLE, "--all", "--excel", "--peers", "province",
                                   "-o", str(tmp_path / "all"), "-j", "1"])
    assert res.exit_code == 0, res.output
    sheet = "Rekomendasi" if lang == "id" else "Recommendations"
    batch = _hosts(tmp_path / "all" / "35.10-kabupaten-banyuwangi.xlsx", sheet)
    proc = subprocess.run([sys.executable, "-m", "scorecard", "--lang", lang, "report", SAMPLE, "--focus",
                           "Kabupaten Banyuwangi", "--peers", "province", "-o", str(tmp_path / "own.xlsx")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert batch == _hosts(tmp_path / "own.xlsx", sheet)
    # Sleman (DIY) is outside the Jawa Timur group, clearly better: named, not shown as its code 34.04
    # (the own report scores only the focus's group, so its workbook wrote the code)
    assert any(host == "Kabupaten Sleman" for _, host in batch)
    assert not any(host and host[:2].isdigit() for _, host in batch)
    page = (tmp_path / "all" / "35.10-kabupaten-banyuwangi.html").read_text(encoding="utf-8")
    assert "Kabupaten Sleman" in page
