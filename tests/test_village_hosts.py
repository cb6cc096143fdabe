"""Judgement scenarios for village units (issue 17): with ``--peers all`` a host in the focus's own
kecamatan, then its kabupaten/kota, comes first -- but only when it is GOOD in the weak area (at or
above the benchmark the focus is measured against there); a near village below it gets no
preference, and its reason says so (docs/recommend.md "Villages: near hosts first").

One rubric, one indicator (safe drinking water, %, higher is better), eight villages; every
village has the same population and area, so context does not decide. Scores are min-max over
the eight values (10..100), so each figure below can be checked by hand:

    score = (value - 10) / 90 * 100

The benchmark is the top quartile (numpy's linear interpolation) of the seven OTHER villages'
scores: with seven values, position 0.75 x 6 = 4.5, i.e. halfway between the 5th and 6th smallest.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from wbtools import write_workbook

RUBRIC = """
id: desa_uji
version: "1"
name: {id: Rubrik desa uji, en: Village test rubric}
units: desa.csv
scoring: {normalisation: minmax, aggregation: arithmetic}
columns:
  air_layak_persen: {label: Air minum layak, type: percent, min: 0, max: 100}
dimensions:
  - id: sosial
    name: {id: Ketahanan sosial, en: Social resilience}
    weight: 1
    indicators:
      - {id: air_minum, name: {id: Air minum layak, en: Safe drinking water}, kind: number, column: air_layak_persen}
"""

FOCUS = "33.08.01.2001"
# code, name, latitude: the focus's kecamatan is 33.08.01, its kabupaten 33.08; 33.09 is another one
VILLAGES = [
    (FOCUS, "Desa Fokus", -7.500),
    ("33.08.01.2002", "Desa Dekat", -7.510),        # same kecamatan, ~1 km
    ("33.08.02.2001", "Desa Sekabupaten", -7.560),  # same kabupaten/kota, another kecamatan, ~7 km
    ("33.09.01.2001", "Desa Jauh", -7.700),         # another kabupaten/kota, ~22 km
    ("33.09.01.2002", "Desa Jauh Dua", -7.710),
    ("33.09.01.2003", "Desa Rendah Satu", -7.720),
    ("33.09.01.2004", "Desa Rendah Dua", -7.730),
    ("33.09.01.2005", "Desa Rendah Tiga", -7.740),
]


def _recommend(tmp_path, values: dict[str, float], lang: str = "id", peers: str = "all") -> dict:
    units = ["kemendagri_code,name_title,type,kabupaten,kecamatan,lat,lng,area_km2,population"]
    for code, name, lat in VILLAGES:
        units.append(f"{code},{name},desa,Kab {code[:5]},Kec {code[:8]},{lat},110.2,5.0,3000")
    (tmp_path / "desa.csv").write_text("\n".join(units) + "\n", encoding="utf-8")
    (tmp_path / "rubrik.yaml").write_text(RUBRIC, encoding="utf-8")
    rows = [["Kode", "Nama", "Air minum layak", "Sumber"]]
    rows += [[code, name, values[name], "uji"] for code, name, _ in VILLAGES]
    wb = write_workbook(tmp_path / "desa.xlsx", {"wilayah": rows})
    res = CliRunner().invoke(cli, ["recommend", str(wb), "--rubric", str(tmp_path / "rubrik.yaml"), "--focus",
                                   FOCUS, "--peers", peers, "--format", "json", "--lang", lang])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _area(doc: dict, area_id: str = "air_minum") -> dict:
    return next(a for a in doc["weak_areas"] if a["area_id"] == area_id)


def _texts(cand: dict) -> list[str]:
    return [r["text"] for r in cand["reasons"]]


def test_a_good_village_of_our_kecamatan_comes_before_a_slightly_better_one_farther_away(tmp_path):
    # Focus 20 -> 11.1. Others: Dekat 90 -> 88.9, Sekabupaten 60 -> 55.6, Jauh 100 -> 100,
    # Jauh Dua 30 -> 22.2, Rendah 10/15/25 -> 0, 5.6, 16.7.
    # Benchmark: sorted 0, 5.6, 16.7, 22.2, 55.6, 88.9, 100 -> halfway 55.6..88.9 = 72.2.
    # Dekat (88.9) is at or above it: good, same kecamatan -> first. Without the rule Jauh would win:
    # excellence 1 vs 77.8/88.9 = 0.875 and gap 0.889 vs 0.778, everything else equal
    # (0.3 x 0.125 + 0.1 x 0.111) / 0.95 = 0.05 more total.
    values = {"Desa Fokus": 20, "Desa Dekat": 90, "Desa Sekabupaten": 60, "Desa Jauh": 100, "Desa Jauh Dua": 30,
              "Desa Rendah Satu": 10, "Desa Rendah Dua": 15, "Desa Rendah Tiga": 25}
    doc = _recommend(tmp_path, values)
    area = _area(doc)
    assert area["benchmark"] == pytest.approx(72.22, abs=1e-2)
    pick, best = area["candidates"][0], next(c for c in area["candidates"] if c["best_performer"])
    assert pick["name"] == "Desa Dekat" and best["name"] == "Desa Jauh"
    assert best["total"] > pick["total"]  # the rule, not the total, puts Dekat first
    assert "di kecamatan yang sama" in _texts(pick)
    # the trade-off sentence names the reason in words a planner can check
    assert area["tradeoff"]["text"] == ("Desa Jauh sedikit lebih tinggi (100 vs 88,9) tetapi di kabupaten/kota lain; "
                                        "Desa Dekat di kecamatan yang sama, 1 km, ukuran serupa.")
    sek = next(c for c in area["candidates"] if c["name"] == "Desa Sekabupaten")
    assert "di kabupaten/kota yang sama, tetapi di bawah patokan bidang ini (55,6 vs 72,2)" in _texts(sek)
    en = _area(_recommend(tmp_path, values, lang="en"))
    assert "in the same kecamatan" in _texts(en["candidates"][0])
    assert "but in another kabupaten/kota; Desa Dekat: in the same kecamatan" in en["tradeoff"]["text"]


def test_a_near_village_below_the_benchmark_gets_no_preference_the_kabupaten_one_does(tmp_path):
    # Dekat 40 -> 33.3, Sekabupaten 95 -> 94.4, Jauh 100 -> 100; benchmark: sorted 0, 5.6, 16.7,
    # 22.2 (Jauh Dua 30), 33.3, 94.4, 100 -> halfway 33.3..94.4 = 63.9. Dekat is below it: no
    # preference, said in its reason. Sekabupaten (94.4) is good and of our kabupaten/kota: first.
    values = {"Desa Fokus": 20, "Desa Dekat": 40, "Desa Sekabupaten": 95, "Desa Jauh": 100, "Desa Jauh Dua": 30,
              "Desa Rendah Satu": 10, "Desa Rendah Dua": 15, "Desa Rendah Tiga": 25}
    area = _area(_recommend(tmp_path, values))
    assert area["benchmark"] == pytest.approx(63.89, abs=1e-2)
    names = [c["name"] for c in area["candidates"]]
    assert names[0] == "Desa Sekabupaten"
    assert "di kabupaten/kota yang sama" in _texts(area["candidates"][0])
    assert "Desa Jauh sedikit lebih tinggi (100 vs 94,4) tetapi di kecamatan lain" not in area["tradeoff"]["text"]
    assert area["tradeoff"]["text"].startswith("Desa Jauh sedikit lebih tinggi (100 vs 94,4) tetapi di kabupaten/kota lain")
    dekat = next(c for c in area["candidates"] if c["name"] == "Desa Dekat")
    assert names.index("Desa Dekat") > names.index("Desa Jauh")
    assert "di kecamatan yang sama, tetapi di bawah patokan bidang ini (33,3 vs 63,9)" in _texts(dekat)


def test_the_nearer_village_is_not_chosen_when_it_is_not_good_at_the_weak_area(tmp_path):
    # Dekat 40 -> 33.3 is the only village of our kecamatan or kabupaten ahead of us; Jauh 100 and
    # Jauh Dua 95 -> 94.4 are in another kabupaten/kota. Benchmark: sorted 0 (Rendah 10),
    # 2.2 (Sekabupaten 12), 5.6 (15), 33.3, 33.3 (Rendah Tiga 40), 94.4, 100 -> halfway 33.3..94.4
    # = 63.9. Dekat is below: it keeps its place by total (third: excellence 22.2/88.9 = 0.25),
    # and the pick is the best performer, Desa Jauh -- no trade-off sentence is needed.
    values = {"Desa Fokus": 20, "Desa Dekat": 40, "Desa Sekabupaten": 12, "Desa Jauh": 100, "Desa Jauh Dua": 95,
              "Desa Rendah Satu": 10, "Desa Rendah Dua": 15, "Desa Rendah Tiga": 40}
    area = _area(_recommend(tmp_path, values))
    assert area["benchmark"] == pytest.approx(63.89, abs=1e-2)
    names = [c["name"] for c in area["candidates"]]
    assert names[:2] == ["Desa Jauh", "Desa Jauh Dua"] and "Desa Dekat" in names
    assert area["candidates"][0]["best_performer"] and not area.get("tradeoff")
    dekat = next(c for c in area["candidates"] if c["name"] == "Desa Dekat")
    assert "di kecamatan yang sama, tetapi di bawah patokan bidang ini (33,3 vs 63,9)" in _texts(dekat)
    en = _area(_recommend(tmp_path, values, lang="en"))
    dekat_en = next(c for c in en["candidates"] if c["name"] == "Desa Dekat")
    assert "in the same kecamatan, but below this area's benchmark (33.3 vs 63.9)" in _texts(dekat_en)


def test_with_peers_kecamatan_there_is_nothing_to_prefer_or_say(tmp_path):
    # every host of the group is of our kecamatan: no tier, no "same kecamatan" reason
    values = {"Desa Fokus": 20, "Desa Dekat": 90, "Desa Sekabupaten": 60, "Desa Jauh": 100, "Desa Jauh Dua": 30,
              "Desa Rendah Satu": 10, "Desa Rendah Dua": 15, "Desa Rendah Tiga": 25}
    doc = _recommend(tmp_path, values, peers="kecamatan")
    texts = [t for a in doc["weak_areas"] for c in a.get("candidates", []) if not c.get("outside_group")
             for t in _texts(c)]
    assert not any("kecamatan yang sama" in t for t in texts)
