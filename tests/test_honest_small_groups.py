"""Issue 13 point 3: small peer groups are flagged in every output, with a wider group suggested."""

from __future__ import annotations

import json

from click.testing import CliRunner

from scorecard.cli import cli
from examples import build_example, tiny_rubric_yaml

WARN = {
    "id": ("Peringatan: kelompok pembanding 'Jawa Timur' hanya berisi 2 wilayah yang dinilai (kurang dari 5).",
           "--peers type"),
    "en": ("Warning: peer group 'Jawa Timur' holds only 2 rated regions (fewer than 5).", "--peers type"),
}

NOT_COMPARABLE = {"id": "belum dapat dibandingkan", "en": "cannot be compared yet"}


def _inputs(tmp_path, **sections):
    """The tiny example's files; ``sections`` are added to its rubric (``judgement={...}``)."""
    return tuple(str(p) for p in build_example(tmp_path, up_to="files", rubric=tiny_rubric_yaml(**sections)))


def test_province_groups_of_two_and_one_are_flagged_everywhere(tmp_path):
    wb, rub = _inputs(tmp_path)
    # --peers province: Kota Madiun + Kota Malang (Jawa Timur) = 2, Kabupaten Bangka (Babel) = 1
    for lang, (first, wider) in WARN.items():
        out = CliRunner().invoke(cli, ["score", wb, "-r", rub, "--peers", "province", "--lang", lang],
                                 catch_exceptions=False)
        assert out.exit_code == 0, out.output
        assert first in out.stdout and wider in out.stdout
        # a group of one has no relative score at all (QA review): said as such, not ranked 1/1
        bangka = next(x for x in out.stdout.splitlines() if "Kabupaten Bangka" in x)
        assert NOT_COMPARABLE[lang] in bangka and "1/1" not in bangka
    out = CliRunner().invoke(cli, ["score", wb, "-r", rub, "--peers", "province", "--format", "json"],
                             catch_exceptions=False)
    data = json.loads(out.stdout)
    assert data["small_group_min"] == 5
    assert data["small_peer_groups"] == {"Jawa Timur": 2}
    bangka = next(r for r in data["regions"] if r["name"] == "Kabupaten Bangka")
    assert bangka["status"] == "not-comparable" and bangka["score"] is None and bangka["rank"] is None
    assert data["warnings"][0].startswith(WARN["id"][0])
    out = CliRunner().invoke(cli, ["score", wb, "-r", rub, "--peers", "province", "--format", "csv"],
                             catch_exceptions=False)
    header, *rows = out.stdout.splitlines()
    assert header.split(",")[-1] == "small_peer_group"
    assert all(r.endswith(",True") for r in rows if "Jawa Timur" in r)
    assert next(r for r in rows if "Kabupaten Bangka" in r).endswith(",not-comparable,False")
    for lang, (first, _) in WARN.items():
        out = CliRunner().invoke(cli, ["recommend", wb, "-r", rub, "--peers", "province", "--focus", "Kota Madiun",
                                       "--lang", lang], catch_exceptions=False)
        assert out.exit_code == 0 and first in out.stdout


def test_the_limit_comes_from_the_rubric_and_all_suggests_more_regions(tmp_path):
    wb, rub = _inputs(tmp_path, judgement={"small_group": 2})
    out = CliRunner().invoke(cli, ["score", wb, "-r", rub, "--peers", "province", "--format", "json"],
                             catch_exceptions=False)
    # 2 is not < 2; Bangka alone in its group is not small but not comparable at all (no rank to be fragile)
    assert json.loads(out.stdout)["small_peer_groups"] == {}
    wb, rub = _inputs(tmp_path)
    out = CliRunner().invoke(cli, ["score", wb, "-r", rub, "--peers", "all", "--lang", "en"], catch_exceptions=False)
    # three regions in the whole workbook: no wider --peers mode exists, so: add regions
    assert "peer group 'all regions in the workbook' holds only 3 rated regions" in out.stdout
    assert "Add more comparison regions to the workbook." in out.stdout
    out = CliRunner().invoke(cli, ["score", wb, "-r", rub, "--peers", "all", "--format", "csv"], catch_exceptions=False)
    assert out.stdout.splitlines()[0].endswith("small_peer_group")
