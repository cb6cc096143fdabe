"""Peer groups: with --peers type a kota is normalised and ranked among kota only."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from scorecard.peers import population_class
from wbtools import write_workbook
from examples import dim, ind, rubric_yaml

RUBRIC = rubric_yaml(
    id="peers_test", name={"id": "Uji kelompok pembanding", "en": "Peer-group test"},
    scales=("predikat_ab",), scoring_scale="predikat",
    columns={"pad": {"label": "PAD", "type": "number", "min": 0},
             "miskin": {"label": "Penduduk miskin", "type": "percent", "min": 0, "max": 100}},
    dimensions=[dim("ekonomi", ind("pad", "pad", name="PAD", weight=1),
                    ind("miskin", "miskin", kind="percent", name="Penduduk miskin", direction="lower", weight=1),
                    name="Ekonomi", weight=1)])
# name, province as typed (blank = from the registry), PAD, poverty %
ROWS = [
    ("Kota Madiun", None, 300, 5.0),
    ("Kota Malang", "Jatim", 900, 4.0),  # a short province name: grouped with Jawa Timur all the same
    ("Kota Batu", None, 100, 3.0),
    ("Kab. Madiun", None, 500, 10.0),
    ("Kab. Malang", None, 1000, 9.0),
    ("Kota Balikpapan", None, 700, 2.5),
    ("Kota Samarinda", None, 400, 4.5),
]
KOTA = ["35.77", "35.73", "35.79", "64.71", "64.72"]


@pytest.fixture()
def data(tmp_path):
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    wb = write_workbook(tmp_path / "w.xlsx", {"wilayah": [["Wilayah", "Provinsi", "pad", "miskin"], *ROWS]})
    return wb, rubric


def _score(data, *args):
    wb, rubric = data
    res = CliRunner().invoke(cli, ["score", str(wb), "--rubric", str(rubric), "--format", "json", *args])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    return out, {r["code"]: r for r in out["regions"]}


def test_type_peers_normalise_a_kota_over_kota_only(data):
    out, by = _score(data, "--peers", "type")
    assert out["peers"] == "type"
    assert out["peer_groups"] == {"kabupaten": 2, "kota": 5}
    assert by["35.77"]["peer_group"] == "kota" and by["35.19"]["peer_group"] == "kabupaten"
    # Kota Madiun's PAD 300 among the kota (min 100 Batu, max 900 Malang): (300-100)/(900-100)*100 = 25
    assert by["35.77"]["indicators"]["pad"]["score"] == pytest.approx(25.0)
    # its poverty 5 % among kota (best 2.5 Balikpapan, worst 5 itself): (5-5)/(5-2.5)*100 = 0
    assert by["35.77"]["indicators"]["miskin"]["score"] == pytest.approx(0.0)
    assert by["35.77"]["score"] == pytest.approx((25.0 + 0.0) / 2)
    # the kabupaten are their own group: Kab. Madiun is the worst of two on PAD -> 0
    assert by["35.19"]["indicators"]["pad"]["score"] == pytest.approx(0.0)
    # ranks count within the group: 5 kota ranked 1..5, 2 kabupaten ranked 1..2
    assert sorted(by[c]["rank"] for c in KOTA) == [1, 2, 3, 4, 5]
    assert sorted(by[c]["rank"] for c in ("35.19", "35.07")) == [1, 2]


def test_all_peers_differ_from_type_peers(data):
    _, by = _score(data, "--peers", "all")
    # over all seven: min PAD 100, max 1000 -> (300-100)/(1000-100)*100 = 22.22
    assert by["35.77"]["indicators"]["pad"]["score"] == pytest.approx(200 / 900 * 100)
    assert by["35.77"]["peer_group"] == "all"


def test_focus_with_type_peers_scores_only_the_kota(data):
    out, by = _score(data, "--peers", "type", "--focus", "Pemkot Madiun")
    assert set(by) == set(KOTA)
    assert out["focus"] == "35.77"
    assert by["35.77"]["indicators"]["pad"]["score"] == pytest.approx(25.0)


def test_type_peers_shown_in_the_table(data):
    wb, rubric = data
    proc = subprocess.run([sys.executable, "-m", "scorecard", "score", str(wb), "--rubric", str(rubric),
                           "--peers", "type"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "kelompok pembanding: tipe yang sama (kota/kabupaten)" in proc.stdout
    madiun = next(line for line in proc.stdout.splitlines() if "Kota Madiun" in line)
    assert madiun.split()[0] == "kota" and "/5" in madiun


def test_province_peers_use_the_official_province(data):
    out, by = _score(data, "--peers", "province")
    assert out["peer_groups"] == {"Jawa Timur": 5, "Kalimantan Timur": 2}
    assert by["35.73"]["peer_group"] == "Jawa Timur"  # typed "Jatim"
    # Balikpapan vs Samarinda on PAD: 700 is the max of two -> 100
    assert by["64.71"]["indicators"]["pad"]["score"] == pytest.approx(100.0)


def test_population_peers(data, tmp_path):
    wb, rubric = data
    # the workbook's own population wins over the registry's: Kota Madiun typed as 195 000 -> kecil
    rows = [["Wilayah", "Penduduk", "pad", "miskin"]] + [[n, 195_000 if n == "Kota Madiun" else None, p, m]
                                                         for n, _, p, m in ROWS]
    wb = write_workbook(tmp_path / "pop.xlsx", {"wilayah": rows})
    res = CliRunner().invoke(cli, ["score", str(wb), "--rubric", str(rubric), "--format", "json", "--peers",
                                   "population"])
    assert res.exit_code == 0, res.output
    by = {r["code"]: r for r in json.loads(res.stdout)["regions"]}
    # registry populations (Dukcapil 2024): Kab. Malang 2 734 623 -> besar; Kota Batu 225 408 -> sedang
    assert by["35.77"]["peer_group"] == "kecil"
    assert by["35.07"]["peer_group"] == "besar"
    assert by["35.79"]["peer_group"] == "sedang"


@pytest.mark.parametrize("pop, label", [(0, "kecil"), (199_999, "kecil"), (200_000, "sedang"),
                                        (1_000_000, "sedang"), (1_000_001, "besar"), (math.nan, "?")])
def test_population_class_edges(pop, label):
    # IKCI 2015 classes: under 200 000, 200 000 - 1 000 000, over 1 000 000
    assert population_class(pop) == label
