"""Villages and other units (issue 17 scope 3): ``--units FILE`` and the rubric's ``units:`` key,
village codes PP.KK.CC.DDDD, limits raised for a national village workbook, peer groups by
kabupaten/kecamatan, recommendations among villages, the shipped example rubric and sample."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scorecard import resources
from scorecard.cli import cli
from scorecard.registry import normalise_code, parse_type

UNITS = resources.indicators_dir() / "contoh_desa_units.csv"
SAMPLE = resources.indicators_dir() / "contoh_desa.xlsx"
RUBRIC = resources.rubrics_dir() / "indeks_desa_contoh.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("text, code", [
    ("33.08.01.2001", "33.08.01.2001"), ("3308012001", "33.08.01.2001"), (" 33.08.01.2001 ", "33.08.01.2001"),
    ("3308012001.0", "33.08.01.2001"), ("35.77", "35.77"), ("3577", "35.77"), ("33.08.1.2001", None),
    ("33080120011", None), ("Desa Sukamaju", None),
])
def test_village_codes(text, code):
    assert normalise_code(text) == code


def test_unit_types():
    assert (parse_type("Desa"), parse_type("Kel."), parse_type("kelurahan"), parse_type("Kota")) == \
        ("desa", "kelurahan", "kelurahan", "kota")


def test_score_with_units_option_from_the_cli(tmp_path):
    rubric = tmp_path / "r.yaml"  # the example rubric without its units: key -> --units decides
    rubric.write_text(RUBRIC.read_text(encoding="utf-8").replace("units: ../indicators/contoh_desa_units.csv", ""),
                      encoding="utf-8")
    res = run("score", SAMPLE, "--rubric", rubric)
    assert res.exit_code == 1  # village codes are not kabupaten/kota
    assert "33.08.01.2001" in res.stderr
    res = run("score", SAMPLE, "--rubric", rubric, "--units", UNITS, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert len(doc["regions"]) == 24
    by = {r["code"]: r for r in doc["regions"]}
    assert by["33.08.02.1001"]["name"] == "Kelurahan Sukarame" and by["33.08.02.1001"]["type"] == "kelurahan"
    assert by["33.08.01.2001"]["type"] == "desa" and by["33.08.01.2001"]["province"] == "Jawa Tengah"
    assert "contoh_desa_units.csv" in res.stderr  # values filled from the unit list, and it says which


def test_rubric_units_key_is_relative_to_the_rubric_and_overridden_by_the_option(tmp_path):
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout.count("\n") == 25
    other = tmp_path / "units.csv"  # a list without two of the sample's villages
    lines = UNITS.read_text(encoding="utf-8").splitlines()
    other.write_text("\n".join(line for line in lines if "33.08.03.2008" not in line) + "\n", encoding="utf-8")
    res = run("validate", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", other, "--format", "json",
              "--lang", "en")
    assert res.exit_code == 1
    errors = [i for i in json.loads(res.stdout)["issues"] if i["severity"] == "error"]
    # a unit list has its own message (the code format PP.KK.CC.DDDD, not the kabupaten/kota one)
    assert [(i["code"], i["row"], i["value"]) for i in errors] == [("unit-code-not-found", 25, "33.08.03.2008")]


def test_peer_groups_by_kecamatan_and_kabupaten():
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--peers", "kecamatan", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["peer_groups"] == {"Kecamatan Contoh Selatan": 8, "Kecamatan Contoh Tengah": 8,
                                  "Kecamatan Contoh Utara": 8}
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--peers", "kabupaten", "--format", "json")
    assert list(json.loads(res.stdout)["peer_groups"].values()) == [24]


def test_recommend_for_a_village_hosts_from_its_kecamatan():
    res = run("recommend", SAMPLE, "--rubric", "indeks_desa_contoh", "--focus", "Desa Cibodas",
              "--peers", "kecamatan", "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["focus"]["code"] == "33.08.03.2006"
    areas = [a for a in doc["weak_areas"] if a.get("candidates")]
    assert areas and all(a["candidates"][0]["code"].startswith("33.08.03.") for a in areas)  # first pick
    inside = {c["code"] for a in areas for c in a["candidates"] if not c.get("outside_group")}
    assert inside and all(h.startswith("33.08.03.") for h in inside)  # others are flagged outside_group


def test_focus_by_village_code():
    res = run("recommend", SAMPLE, "--rubric", "indeks_desa_contoh", "--focus", "3308032006", "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["focus"]["code"] == "33.08.03.2006"


@pytest.mark.parametrize("content, code, row", [
    ("kode,nama\n33.08.01.2001,Desa A\n33.08.01.2001,Desa B\n", "units-duplicate-code", 3),
    ("kode,nama\n33.08.1.2001,Desa A\n", "units-bad-code", 2),
    ("kode,nama\n33.08.01.2001,\n", "units-missing-name", 2),
    ("kode,name_title,type\n33.08.01.2001,Desa A,dusun\n", "units-bad-type", 2),
    ("kode,nama,lat\n33.08.01.2001,Desa A,1e999\n", "units-bad-number", 2),
    ("code_x,nama\n33.08.01.2001,Desa A\n", "units-missing-column", 1),
])
def test_bad_unit_lists_are_refused_naming_file_row_and_column(tmp_path, content, code, row):
    units = tmp_path / "u.csv"
    units.write_text(content, encoding="utf-8")
    res = run("validate", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", units, "--lang", "en")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "u.csv" in res.stderr
    from scorecard.io.units_file import read_units
    from scorecard.issues import InputError

    with pytest.raises(InputError) as exc:
        read_units(units)
    assert [(i.code, i.row) for i in exc.value.report.errors] == [(code, row)]


def test_unit_list_raises_the_default_limits_for_a_national_village_workbook():
    from scorecard import limits
    from scorecard.units import unit_limits

    raised = unit_limits(84_000)
    assert raised["rows"] >= 2 * 84_000 and raised["cells"] >= 84_000 * 43 * 2
    try:
        limits.raise_defaults(**raised)
        lim = limits.current()
        assert lim.rows >= 168_000 and lim.cells >= 84_000 * 43
    finally:
        limits.raise_defaults()
    assert limits.current().cells == limits.DEFAULTS["cells"]


def test_units_file_is_protected_as_an_input(tmp_path):
    units = tmp_path / "u.csv"
    units.write_bytes(UNITS.read_bytes())
    res = run("score", SAMPLE, "--rubric", "indeks_desa_contoh", "--units", units, "--format", "csv", "-o", units,
              "--force")
    assert res.exit_code == 1
    assert units.read_bytes() == UNITS.read_bytes()


def test_shipped_sample_is_reproducible(tmp_path):
    import sys

    sys.path.insert(0, str(resources.indicators_dir()))
    try:
        from build_village_sample import build
    except ImportError:
        pytest.skip("the sample builder ships with the checkout, not the wheel")
    finally:
        sys.path.pop(0)
    units, wb = build(tmp_path)
    assert units.read_bytes() == UNITS.read_bytes()
    assert wb.read_bytes() == SAMPLE.read_bytes()
